"""Webhook signing secrets at rest: sealed with AES-256-GCM under a key
derived (HKDF-SHA256) from ``WEBHOOK_SECRET_KEY``, with the facility id as
associated data, so a sealed secret opens only for the facility it was made
for and any change to it is detected."""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = "v1"
NONCE_BYTES = 12
KEY_PURPOSE = b"kezek notification: webhook signing secrets v1"


class SecretUnreadable(Exception):
    """A sealed secret that this key cannot open for this facility."""


class SecretBox:
    def __init__(self, key: str):
        derived = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=KEY_PURPOSE
        ).derive(key.encode())
        self._aead = AESGCM(derived)

    def __repr__(self) -> str:
        return "SecretBox(***)"

    def seal(self, facility_id: str, secret: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, secret.encode(), _context(facility_id))
        return f"{VERSION}.{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def open(self, facility_id: str, sealed: str) -> str:
        version, _, encoded = sealed.partition(".")
        if version != VERSION:
            raise SecretUnreadable("unknown sealing version")
        try:
            raw = base64.urlsafe_b64decode(encoded.encode())
            plain = self._aead.decrypt(
                raw[:NONCE_BYTES], raw[NONCE_BYTES:], _context(facility_id)
            )
        except (InvalidTag, ValueError) as exc:
            raise SecretUnreadable("the secret does not open") from exc
        return plain.decode()


def _context(facility_id: str) -> bytes:
    return b"webhook-secret:" + facility_id.encode()
