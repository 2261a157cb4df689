"""Bearer tokens: JWTs signed RS256 or ES256 by the identity provider's
keys; ``exp``, ``iat``, ``aud``, ``iss`` and ``sub`` required; a bounded
lifetime. No shared secret: a service that verifies cannot mint."""

from __future__ import annotations

from collections.abc import Container
from datetime import timedelta
from typing import Any

import jwt

from shared.clock import utc_now
from shared.identity.keys import SigningKeys
from shared.identity.principal import ClaimNames, InvalidToken, Principal, principal_of

ALGORITHMS = ("RS256", "ES256")
MAX_LIFETIME = timedelta(hours=12)
CLOCK_LEEWAY_S = 60.0
CLAIM_NAMES = ClaimNames()


async def verify_token(
    token: str,
    keys: SigningKeys,
    *,
    issuer: str,
    audience: str,
    max_lifetime: timedelta = MAX_LIFETIME,
    claims: ClaimNames = CLAIM_NAMES,
    facilities: Container[str] | None = None,
) -> Principal:
    """The token's principal, if its signature, issuer, audience and times
    hold (see ``principal_of`` for the claims it must carry)."""
    decoded = await verified_claims(
        token, keys, issuer=issuer, audience=audience, max_lifetime=max_lifetime
    )
    return principal_of(decoded, claims, facilities)


async def verified_claims(
    token: str,
    keys: SigningKeys,
    *,
    issuer: str,
    audience: str,
    max_lifetime: timedelta = MAX_LIFETIME,
) -> dict[str, Any]:
    """The claims of a token the issuer signed for ``audience``, still
    valid and not longer-lived than ``max_lifetime`` (an access token, or
    an ID token with the client as its audience)."""
    algorithm, kid = _header(token)
    key = await keys.key(kid)
    if key.algorithm_name != algorithm:
        raise InvalidToken(f"the key {kid} does not sign {algorithm}")
    try:
        decoded: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=[algorithm],
            audience=audience,
            issuer=issuer,
            options={"require": ["exp", "iat", "aud", "iss", "sub"]},
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from exc
    _check_lifetime(decoded, max_lifetime)
    return decoded


def _header(token: str) -> tuple[str, str]:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from exc
    algorithm, kid = header.get("alg"), header.get("kid")
    if algorithm not in ALGORITHMS:
        raise InvalidToken("the token must be signed with RS256 or ES256")
    if not isinstance(kid, str) or not kid:
        raise InvalidToken("the token names no key (kid)")
    return algorithm, kid


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
