"""Bearer-token authorization for aiohttp handlers."""

from __future__ import annotations

from datetime import timedelta

from aiohttp import web

from shared.auth import InvalidToken, Principal, verify_token
from shared.http.app import REGISTRY, SETTINGS
from shared.http.errors import ApiError


def require_principal(request: web.Request, *roles: str) -> Principal:
    """The caller, from a valid bearer token with one of ``roles``: 401 for a
    missing or invalid token, 403 for a role that may not do this."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    challenge = {"WWW-Authenticate": 'Bearer realm="kezek"'}
    if scheme.lower() != "bearer" or not token:
        raise ApiError(
            401, "unauthorized", "A bearer token is required.", headers=challenge
        )
    settings = request.app[SETTINGS]
    try:
        principal = verify_token(
            token.strip(),
            settings.jwt_secret,
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            max_lifetime=timedelta(hours=settings.jwt_max_lifetime_hours),
            facilities=request.app[REGISTRY].facilities,
        )
    except InvalidToken as exc:
        raise ApiError(
            401, "invalid_token", f"The token is not valid: {exc}", headers=challenge
        ) from exc
    if roles and principal.role not in roles:
        role = " or ".join(roles)
        raise ApiError(403, "forbidden", f"This needs the role {role}.")
    return principal
