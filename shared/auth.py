"""Bearer tokens: JWT with the algorithm pinned and exp, aud, iss required.

Claims: ``role`` (doctor, hospital, admin), ``facility`` (the caller's
facility id), ``sub`` (the practitioner or clerk).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

ALGORITHM = "HS256"
ROLES = ("doctor", "hospital", "admin")


class InvalidToken(Exception):
    pass


@dataclass(frozen=True)
class Principal:
    role: str
    facility: str
    subject: str


def issue_token(
    secret: str,
    *,
    role: str,
    facility: str,
    subject: str,
    issuer: str,
    audience: str,
    ttl: timedelta = timedelta(hours=12),
) -> str:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    now = datetime.now(UTC)
    claims = {
        "sub": subject,
        "role": role,
        "facility": facility,
        "iss": issuer,
        "aud": audience,
        "iat": now,
        "exp": now + ttl,
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def verify_token(token: str, secret: str, *, issuer: str, audience: str) -> Principal:
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            audience=audience,
            issuer=issuer,
            options={"require": ["exp", "aud", "iss", "sub"]},
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from exc
    role, facility = claims.get("role"), claims.get("facility")
    if role not in ROLES or not isinstance(facility, str) or not facility:
        raise InvalidToken("token lacks a valid role or facility claim")
    return Principal(role=role, facility=facility, subject=str(claims["sub"]))
