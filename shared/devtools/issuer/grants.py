"""``POST /token``: RFC 6749's authorization code grant with RFC 7636's
PKCE; a refusal is its JSON error (400), every answer ``no-store``."""

from __future__ import annotations

from collections.abc import Mapping

from aiohttp import web

from shared.devtools.issuer.codes import InvalidGrant
from shared.devtools.issuer.issuing import ISSUER

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
GRANT_FIELDS = ("code", "redirect_uri", "client_id", "code_verifier")


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
    if grant_type != "authorization_code":
        return token_error(
            "unsupported_grant_type", "only authorization_code is supported"
        )
    for name in GRANT_FIELDS:
        if name not in given:
            return token_error("invalid_request", f"{name} is missing")
    issuer = request.app[ISSUER]
    try:
        grant = issuer.codes.redeem(
            given["code"],
            client_id=given["client_id"],
            redirect_uri=given["redirect_uri"],
            code_verifier=given["code_verifier"],
        )
    except InvalidGrant as refusal:
        return token_error("invalid_grant", str(refusal))
    return web.json_response(issuer.tokens_for(grant), headers=NO_STORE)
