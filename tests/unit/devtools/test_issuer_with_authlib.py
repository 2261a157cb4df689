"""Authlib's OAuth 2 client (what the console signs users in with) goes
through the development issuer's code flow on a real port: PKCE S256, the
state and the nonce."""

from __future__ import annotations

import secrets

import httpx
import jwt
from authlib.integrations.httpx_client import AsyncOAuth2Client

from tests.unit.devtools.issuer_flow import (
    CALLBACK,
    CLIENT_ID,
    form_fields,
    served_issuer,
)

DISCOVERY = "/.well-known/openid-configuration"


async def sign_in_as_a_browser(authorization_url: str, **chosen: str) -> str:
    """Open the page, fill in the form, post it: the redirect's address."""
    async with httpx.AsyncClient(headers={"Accept-Language": "en"}) as browser:
        page = await browser.get(authorization_url)
        assert page.status_code == 200, page.text
        action = str(page.url.copy_with(query=None))
        answer = await browser.post(action, data={**form_fields(page.text), **chosen})
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


async def authlib_sign_in(discovery: dict, nonce: str) -> dict:
    """The console's part: Authlib asks for a code with PKCE S256 and a
    nonce, the browser signs in, Authlib redeems the code."""
    verifier = secrets.token_urlsafe(48)
    async with AsyncOAuth2Client(
        client_id=CLIENT_ID,
        redirect_uri=CALLBACK,
        scope="openid profile",
        code_challenge_method="S256",
    ) as console:
        url, state = console.create_authorization_url(
            discovery["authorization_endpoint"], code_verifier=verifier, nonce=nonce
        )
        location = await sign_in_as_a_browser(
            url, role="doctor", facility="KZ-75-P01", name="Aliya Nurova"
        )
        return dict(
            await console.fetch_token(
                discovery["token_endpoint"],
                authorization_response=location,
                state=state,
                code_verifier=verifier,
            )
        )


async def test_authlibs_client_signs_in_with_pkce_and_gets_verifiable_tokens(
    aiohttp_server, tmp_path
):
    _, issuer = await served_issuer(aiohttp_server, tmp_path)
    async with httpx.AsyncClient() as http:
        discovery = (await http.get(issuer.endpoint(DISCOVERY))).json()
        served = jwt.PyJWKSet.from_dict((await http.get(discovery["jwks_uri"])).json())
    nonce = secrets.token_urlsafe(16)
    token = await authlib_sign_in(discovery, nonce)
    key = served[jwt.get_unverified_header(token["id_token"])["kid"]]
    identity = jwt.decode(
        token["id_token"],
        key,
        algorithms=["ES256"],
        audience=CLIENT_ID,
        issuer=issuer.url,
    )
    access = jwt.decode(
        token["access_token"],
        key,
        algorithms=["ES256"],
        audience="kezek",
        issuer=issuer.url,
    )
    assert identity["nonce"] == nonce
    assert (access["role"], access["facility"], access["name"]) == (
        "doctor",
        "KZ-75-P01",
        "Aliya Nurova",
    )
