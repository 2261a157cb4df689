"""``POST /token``: RFC 6749's authorization code grant with RFC 7636's
PKCE, and its refresh token grant (each refresh token used once); a
refusal is its JSON error (400), every answer ``no-store``."""

from __future__ import annotations

from collections.abc import Mapping

from aiohttp import web

from shared.devtools.issuer.codes import Grant, InvalidGrant
from shared.devtools.issuer.issuing import ISSUER, DevelopmentIssuer

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
GRANT_FIELDS = {
    "authorization_code": ("code", "redirect_uri", "client_id", "code_verifier"),
    "refresh_token": ("refresh_token", "client_id"),
}


def text_fields(form: Mapping[str, object]) -> dict[str, str]:
    """Each text field's first value (a query's or a form's)."""
    fields: dict[str, str] = {}
    for name, value in form.items():
        if isinstance(value, str):
            fields.setdefault(name, value)
    return fields


def token_error(error: str, description: str) -> web.Response:
    return web.json_response(
        {"error": error, "error_description": description},
        status=400,
        headers=NO_STORE,
    )


async def token(request: web.Request) -> web.Response:
    given = {k: v for k, v in text_fields(await request.post()).items() if v}
    grant_type = given.get("grant_type")
    if grant_type is None:
        return token_error("invalid_request", "grant_type is missing")
    if grant_type not in GRANT_FIELDS:
        return token_error(
            "unsupported_grant_type",
            "only authorization_code and refresh_token are supported",
        )
    for name in GRANT_FIELDS[grant_type]:
        if name not in given:
            return token_error("invalid_request", f"{name} is missing")
    issuer = request.app[ISSUER]
    try:
        grant = redeemed(issuer, grant_type, given)
    except InvalidGrant as refusal:
        return token_error("invalid_grant", str(refusal))
    return web.json_response(issuer.tokens_for(grant), headers=NO_STORE)


def redeemed(
    issuer: DevelopmentIssuer, grant_type: str, given: dict[str, str]
) -> Grant:
    """The sign-in the code, or the refresh token, stands for."""
    if grant_type == "refresh_token":
        return issuer.refreshes.redeem(
            given["refresh_token"], client_id=given["client_id"]
        )
    return issuer.codes.redeem(
        given["code"],
        client_id=given["client_id"],
        redirect_uri=given["redirect_uri"],
        code_verifier=given["code_verifier"],
    )
