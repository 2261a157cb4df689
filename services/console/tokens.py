"""Checks the identity provider's tokens (a stand-in for ``shared/identity``
until it lands): the signature by the issuer's JWKS (ES256 or RS256, a
``kid`` required), ``iss``, ``aud`` and the times; the principal from the
access token's configurable claims."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Container
from dataclasses import dataclass
from typing import Any

import jwt

from services.console.sessions import ConsoleUser

ALGORITHMS = ["ES256", "RS256"]
ROLES = ("doctor", "hospital", "admin")
FACILITY_ROLES = frozenset({"doctor", "hospital"})
LEEWAY_S = 60


class InvalidToken(Exception):
    pass


class SigningKeys(ABC):
    """The issuer's public keys by ``kid``."""

    @abstractmethod
    async def key(self, kid: str) -> jwt.PyJWK: ...


@dataclass(frozen=True)
class ClaimNames:
    role: str = "role"
    facility: str = "facility"


async def verified_claims(
    token: str, keys: SigningKeys, *, issuer: str, audience: str
) -> dict[str, Any]:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from exc
    kid = header.get("kid")
    if header.get("alg") not in ALGORITHMS or not isinstance(kid, str):
        raise InvalidToken("an ES256 or RS256 token with a kid is needed")
    key = await keys.key(kid)
    try:
        return jwt.decode(
            token,
            key,
            algorithms=ALGORITHMS,
            audience=audience,
            issuer=issuer,
            leeway=LEEWAY_S,
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from exc


def claim(claims: dict[str, Any], dotted: str) -> Any:
    """A claim by a dotted path (``realm_access.roles``), else None."""
    value: Any = claims
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def user_of(
    claims: dict[str, Any], names: ClaimNames, facilities: Container[str]
) -> ConsoleUser:
    """The console's user from an access token's claims."""
    role = _role(claim(claims, names.role))
    facility = claim(claims, names.facility)
    if isinstance(facility, list) and len(facility) == 1:
        facility = facility[0]
    if not isinstance(facility, str) or not facility:
        raise InvalidToken("the token names no facility")
    if role in FACILITY_ROLES and facility not in facilities:
        raise InvalidToken("the token's facility is not in the registry")
    name = claims.get("name") or claims.get("preferred_username") or ""
    return ConsoleUser(role, facility, str(claims["sub"]), str(name))


def _role(value: Any) -> str:
    offered = value if isinstance(value, list) else [value]
    for role in ROLES:
        if role in offered:
            return role
    raise InvalidToken("the token has no role the console knows")
