"""Bearer-token authorization for aiohttp handlers."""

from __future__ import annotations

from datetime import timedelta

from aiohttp import web

from shared.http.app import REGISTRY, SETTINGS, SIGNING_KEYS
from shared.http.errors import ApiError
from shared.identity import (
    ClaimNames,
    IdentityUnavailable,
    InvalidToken,
    Principal,
    verify_token,
)

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="kezek"'}


async def require_principal(request: web.Request, *roles: str) -> Principal:
    """The caller, from a valid bearer token with one of ``roles``: 401 for a
    missing or invalid token, 403 for a role that may not do this, 503 when
    the identity provider's keys cannot be had."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(
            401, "unauthorized", "A bearer token is required.", headers=CHALLENGE
        )
    principal = await _verified(request, token.strip())
    if roles and principal.role not in roles:
        role = " or ".join(roles)
        raise ApiError(403, "forbidden", f"This needs the role {role}.")
    return principal


async def _verified(request: web.Request, token: str) -> Principal:
    settings = request.app[SETTINGS]
    try:
        return await verify_token(
            token,
            request.app[SIGNING_KEYS],
            issuer=settings.oidc_issuer,
            audience=settings.oidc_audience,
            max_lifetime=timedelta(hours=settings.jwt_max_lifetime_hours),
            claims=ClaimNames(settings.oidc_role_claim, settings.oidc_facility_claim),
            facilities=request.app[REGISTRY].facilities,
        )
    except InvalidToken as exc:
        raise ApiError(
            401, "invalid_token", f"The token is not valid: {exc}", headers=CHALLENGE
        ) from exc
    except IdentityUnavailable as exc:
        raise ApiError(
            503,
            "identity_unavailable",
            "The identity provider cannot be reached; try again shortly.",
            headers={"Retry-After": "5"},
        ) from exc
