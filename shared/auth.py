"""Bearer tokens: JWT with the algorithm pinned; exp, iat, aud, iss and sub
required; a bounded lifetime.

Claims: ``role`` (doctor, hospital, admin), ``facility`` (the caller's
facility id), ``sub`` (the practitioner or clerk).
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import jwt

from shared.clock import utc_now

ALGORITHM = "HS256"
ROLES = ("doctor", "hospital", "admin")
FACILITY_ROLES = frozenset({"doctor", "hospital"})
"""Roles whose facility decides what they may see: it must be in the registry.
An admin works for the bureau, across facilities."""
MAX_LIFETIME = timedelta(hours=12)
CLOCK_LEEWAY_S = 60.0


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
    now = utc_now()
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


def verify_token(
    token: str,
    secret: str,
    *,
    issuer: str,
    audience: str,
    max_lifetime: timedelta = MAX_LIFETIME,
    facilities: Container[str] | None = None,
) -> Principal:
    """The token's principal, if its signature, issuer, audience and times
    hold: ``exp`` and ``iat`` numbers, a lifetime of at most
    ``max_lifetime``, a non-empty ``sub``, a known role and, when
    ``facilities`` is given, a doctor's or hospital's facility among them."""
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            audience=audience,
            issuer=issuer,
            options={"require": ["exp", "iat", "aud", "iss", "sub"]},
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from exc
    _check_lifetime(claims, max_lifetime)
    subject, role, facility = claims["sub"], claims.get("role"), claims.get("facility")
    if not isinstance(subject, str) or not subject.strip():
        raise InvalidToken("the sub claim is empty")
    if role not in ROLES or not isinstance(facility, str) or not facility:
        raise InvalidToken("token lacks a valid role or facility claim")
    if role in FACILITY_ROLES and facilities is not None and facility not in facilities:
        raise InvalidToken("the token's facility is not in the facility registry")
    return Principal(role=role, facility=facility, subject=subject)


def _check_lifetime(claims: dict[str, Any], max_lifetime: timedelta) -> None:
    """PyJWT takes ``"exp": "9999999999"`` (a string) for a number and sets
    no bound on a lifetime; both are refused here."""
    numbers = [claims[name] for name in ("exp", "iat")]
    if not all(_is_number(n) for n in numbers):
        raise InvalidToken("exp and iat must be numbers (seconds since 1970)")
    expires, issued = numbers
    now = utc_now().timestamp()
    if issued > now + CLOCK_LEEWAY_S:
        raise InvalidToken("the token was issued in the future")
    if expires - issued > max_lifetime.total_seconds():
        hours = max_lifetime.total_seconds() / 3600
        raise InvalidToken(f"the token's lifetime exceeds {hours:g} hours")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
