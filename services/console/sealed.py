"""Cookies the browser keeps but cannot read or change: JSON sealed with
AES-GCM under a key derived (HKDF-SHA256) from ``CONSOLE_SESSION_KEY``
(UTF-8, not ``\\u`` escapes: a Kazakh letter costs two bytes, not six).
Each cookie's purpose is its associated data, so a sealed value made for one
purpose (the sign-in's state) never opens as another (a session)."""

from __future__ import annotations

import base64
import binascii
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

NONCE_BYTES = 12
KEY_INFO = b"kezek-console-cookies-v1"


class Unsealable(ValueError):
    """A cookie that was not sealed with this key for this purpose."""


def derive_key(secret: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KEY_INFO).derive(
        secret.encode()
    )


class Sealer:
    def __init__(self, secret: str):
        self._aead = AESGCM(derive_key(secret))

    def seal(self, purpose: str, content: dict[str, Any]) -> str:
        nonce = os.urandom(NONCE_BYTES)
        text = json.dumps(content, separators=(",", ":"), ensure_ascii=False)
        plain = text.encode()
        sealed = nonce + self._aead.encrypt(nonce, plain, purpose.encode())
        return base64.urlsafe_b64encode(sealed).decode().rstrip("=")

    def open(self, purpose: str, value: str) -> dict[str, Any]:
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
            nonce, sealed = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
            plain = self._aead.decrypt(nonce, sealed, purpose.encode())
            content = json.loads(plain)
        except (binascii.Error, ValueError, InvalidTag) as exc:
            raise Unsealable(purpose) from exc
        if not isinstance(content, dict):
            raise Unsealable(purpose)
        return content
