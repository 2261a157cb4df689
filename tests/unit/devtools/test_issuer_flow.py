"""The development issuer's code flow over HTTP, as the console goes
through it: discovery, the sign-in page, its form, the code, the tokens,
verified with the JWKS it serves."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import jwt
import pytest

from shared.clock import utc_now
from tests.queue_builders import Clock
from tests.unit.devtools.issuer_flow import (
    CALLBACK,
    CLIENT_ID,
    asked,
    code_in,
    redemption,
    served_issuer,
    signed_in,
)


@pytest.fixture
def clock() -> Clock:
    return Clock(utc_now())


@pytest.fixture
async def issuer(aiohttp_server, aiohttp_client, tmp_path, clock):
    server, development_issuer = await served_issuer(aiohttp_server, tmp_path, clock)
    return await aiohttp_client(server), development_issuer


async def test_the_code_flow_gives_tokens_that_the_served_jwks_verifies(issuer):
    client, development_issuer = issuer
    discovery = await (await client.get("/.well-known/openid-configuration")).json()
    assert discovery["issuer"] == development_issuer.url
    assert discovery["code_challenge_methods_supported"] == ["S256"]
    authorize = urlsplit(discovery["authorization_endpoint"]).path
    assert authorize == "/authorize"
    location = await signed_in(
        client, asked(), role="hospital", facility="KZ-71-H01", name="Dana Omarova"
    )
    assert location.startswith(CALLBACK + "?")
    assert parse_qs(urlsplit(location).query)["state"] == ["state-1"]
    answer = await client.post("/token", data=redemption(code_in(location)))
    assert answer.status == 200
    assert answer.headers["Cache-Control"] == "no-store"
    tokens = await answer.json()
    assert (tokens["token_type"], tokens["expires_in"]) == ("Bearer", 8 * 3600)
    served = await (await client.get(urlsplit(discovery["jwks_uri"]).path)).json()
    keys = jwt.PyJWKSet.from_dict(served)
    access = verified(tokens["access_token"], keys, "kezek", development_issuer.url)
    assert {k: access[k] for k in ("role", "facility", "name")} == {
        "role": "hospital",
        "facility": "KZ-71-H01",
        "name": "Dana Omarova",
    }
    assert access["sub"] and access["exp"] - access["iat"] == 8 * 3600
    identity = verified(tokens["id_token"], keys, CLIENT_ID, development_issuer.url)
    assert (identity["nonce"], identity["sub"]) == ("nonce-1", access["sub"])


def verified(token: str, keys: jwt.PyJWKSet, audience: str, issuer: str) -> dict:
    key = keys[jwt.get_unverified_header(token)["kid"]]
    return jwt.decode(
        token,
        key,
        algorithms=["ES256"],
        audience=audience,
        issuer=issuer,
        options={"require": ["exp", "iat", "sub"]},
    )


async def test_an_admin_signs_in_for_the_bureau(issuer):
    client, development_issuer = issuer
    location = await signed_in(
        client, asked(), role="admin", facility="KZ-71-P01", name="Bureau Officer"
    )
    tokens = await (
        await client.post("/token", data=redemption(code_in(location)))
    ).json()
    claims = jwt.decode(tokens["access_token"], options={"verify_signature": False})
    assert (claims["role"], claims["facility"]) == ("admin", "KZ-00-ADMIN")


async def token_error(client, form: dict[str, str]) -> tuple[int, str]:
    answer = await client.post("/token", data=form)
    assert answer.headers["Cache-Control"] == "no-store"
    body = await answer.json()
    assert body["error_description"]
    return answer.status, body["error"]


async def test_a_wrong_verifier_is_an_invalid_grant(issuer):
    client, _ = issuer
    code = code_in(await signed_in(client, asked(), name="A"))
    wrong = redemption(code, code_verifier="W" * 43)
    assert await token_error(client, wrong) == (400, "invalid_grant")


async def test_a_code_used_twice_is_an_invalid_grant_the_second_time(issuer):
    client, _ = issuer
    code = code_in(await signed_in(client, asked(), name="A"))
    assert (await client.post("/token", data=redemption(code))).status == 200
    assert await token_error(client, redemption(code)) == (400, "invalid_grant")


async def test_a_code_older_than_sixty_seconds_is_an_invalid_grant(issuer, clock):
    client, _ = issuer
    code = code_in(await signed_in(client, asked(), name="A"))
    clock.advance(seconds=61)
    assert await token_error(client, redemption(code)) == (400, "invalid_grant")


async def test_another_redirect_uri_or_client_at_the_token_endpoint_is_refused(issuer):
    client, _ = issuer
    for changed in ({"redirect_uri": "http://localhost:1/cb"}, {"client_id": "other"}):
        code = code_in(await signed_in(client, asked(), name="A"))
        refused = await token_error(client, redemption(code, **changed))
        assert refused == (400, "invalid_grant")


@pytest.mark.parametrize(
    ("form", "error"),
    [
        ({"grant_type": "password"}, "unsupported_grant_type"),
        ({"grant_type": ""}, "invalid_request"),
        ({"code_verifier": ""}, "invalid_request"),
    ],
)
async def test_a_token_request_that_is_not_a_whole_code_grant_is_refused(
    issuer, form, error
):
    client, _ = issuer
    assert await token_error(client, redemption("some-code", **form)) == (400, error)
