"""The webhook signature scheme (WEBHOOKS.md): HMAC-SHA256 with the
facility's secret over ``timestamp + "." + body``, sent as
``X-Kezek-Signature: v1=<hex>`` with ``X-Kezek-Timestamp: <unix seconds>``."""

from __future__ import annotations

import hashlib
import hmac

TIMESTAMP_HEADER = "X-Kezek-Timestamp"
SIGNATURE_HEADER = "X-Kezek-Signature"
DELIVERY_HEADER = "X-Kezek-Delivery"
EVENT_HEADER = "X-Kezek-Event"
VERSION = "v1"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    signed = timestamp.encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: str, body: bytes) -> str:
    return f"{VERSION}={signature(secret, timestamp, body)}"
