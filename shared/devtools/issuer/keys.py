"""The development issuer's signing key: one EC P-256 key pair in
``<home>/signing-key.pem`` (mode 0600), made on first use. Its ``kid`` is
the public JWK's RFC 7638 thumbprint, so the same file always gives the
same ``kid`` and a new file a new one (a rotation the services follow)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

KEY_FILE = "signing-key.pem"
ALGORITHM = "ES256"
THUMBPRINT_MEMBERS = {"EC": ("crv", "kty", "x", "y"), "RSA": ("e", "kty", "n")}
"""The members of a public JWK that RFC 7638 hashes, in its order."""


def jwk_thumbprint(public_jwk: dict[str, Any]) -> str:
    """RFC 7638: the SHA-256 of the required members as compact JSON with
    sorted keys, base64url without padding."""
    members = THUMBPRINT_MEMBERS[public_jwk["kty"]]
    canonical = json.dumps(
        {name: public_jwk[name] for name in members},
        separators=(",", ":"),
        sort_keys=True,
    )
    return _base64url(hashlib.sha256(canonical.encode()).digest())


def _base64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


class DevelopmentKey:
    def __init__(self, private_key: ec.EllipticCurvePrivateKey):
        if not isinstance(private_key.curve, ec.SECP256R1):
            raise ValueError("the development key must be on the P-256 curve")
        self._private_key = private_key
        numbers = private_key.public_key().public_numbers()
        self._public = {
            "kty": "EC",
            "crv": "P-256",
            "x": _base64url(numbers.x.to_bytes(32, "big")),
            "y": _base64url(numbers.y.to_bytes(32, "big")),
        }
        self.kid = jwk_thumbprint(self._public)

    @classmethod
    def load_or_create(cls, home: Path) -> DevelopmentKey:
        """The key in ``home``; made there first if missing. Two processes
        starting at once end up with the same key: each writes a private
        file of its own and links it into place, and the one that loses the
        race reads the winner's."""
        path = home / KEY_FILE
        if not path.exists():
            home.mkdir(parents=True, exist_ok=True)
            _create_atomically(path)
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(loaded, ec.EllipticCurvePrivateKey):
            raise ValueError(f"{path} does not hold an EC private key")
        return cls(loaded)

    def jwk(self) -> dict[str, str]:
        """The public key as a JWK, as ``/jwks`` serves it."""
        return {**self._public, "kid": self.kid, "alg": ALGORITHM, "use": "sig"}

    def mint(self, claims: dict[str, Any]) -> str:
        """``claims`` signed ES256, the header naming this key's ``kid``."""
        return jwt.encode(
            claims, self._private_key, algorithm=ALGORITHM, headers={"kid": self.kid}
        )


def _create_atomically(path: Path) -> None:
    pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    draft = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(pem)
            out.flush()
            os.fsync(out.fileno())
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        draft.unlink(missing_ok=True)
