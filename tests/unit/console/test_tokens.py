"""The console's sign-in as it checks the provider's answer: the ID token
for the console's client with this sign-in's nonce, the user from the
access token (its checks are shared.identity's, tested with it), and the
authorization request with PKCE S256 and the reader's language."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

import httpx
import jwt
import pytest
from authlib.integrations.httpx_client import AsyncOAuth2Client
from cryptography.hazmat.primitives.asymmetric import ec

from services.console.settings import ConsoleSettings
from services.console.sign_in import (
    OidcProvider,
    ProviderUnavailable,
    SignInFailed,
    SignInFlow,
)
from shared.identity import InvalidToken, SigningKeys

ISSUER = "http://127.0.0.1:8090"
PRIVATE = ec.generate_private_key(ec.SECP256R1())
FACILITIES = {"KZ-75-P01"}


class OneKey(SigningKeys):
    def __init__(self) -> None:
        public = jwt.algorithms.ECAlgorithm.to_jwk(PRIVATE.public_key(), as_dict=True)
        self.jwk = jwt.PyJWK({**public, "kid": "k1", "alg": "ES256"})

    async def key(self, kid: str) -> jwt.PyJWK:
        if kid != "k1":
            raise InvalidToken("unknown kid")
        return self.jwk

    async def close(self) -> None:
        pass


def signed(claims: dict[str, Any], **header: Any) -> str:
    now = int(time.time())
    body = {"iss": ISSUER, "aud": "kezek", "sub": "dr-1", "iat": now, "exp": now + 600}
    return jwt.encode(
        {**body, **claims}, PRIVATE, "ES256", headers={"kid": "k1", **header}
    )


def provider(document: dict[str, Any] | None = None) -> OidcProvider:
    async def discovery() -> dict[str, Any]:
        return document or {"token_endpoint": f"{ISSUER}/token"}

    settings = ConsoleSettings(kezek_env="development")
    return OidcProvider(settings, FACILITIES, OneKey(), discovery)


def answering(handler: Callable[[httpx.Request], httpx.Response]) -> OidcProvider:
    """A provider whose token endpoint answers by ``handler``."""
    oidc = provider()
    oidc.client = AsyncOAuth2Client(
        client_id="kezek-console",
        token_endpoint_auth_method="none",
        transport=httpx.MockTransport(handler),
    )
    return oidc


async def test_the_id_tokens_nonce_must_be_this_sign_ins():
    answer = {
        "id_token": signed({"aud": "kezek-console", "nonce": "another"}),
        "access_token": signed({"role": "doctor", "facility": "KZ-75-P01"}),
        "expires_in": 300,
    }
    with pytest.raises(SignInFailed):
        await provider().signed_in(answer, SignInFlow("s", "n-1", "v"))


async def test_sign_in_reads_the_user_from_the_access_token():
    answer = {
        "id_token": signed({"aud": "kezek-console", "nonce": "n-1", "name": "Aliya"}),
        "access_token": signed({"role": "doctor", "facility": "KZ-75-P01"}),
        "expires_in": 300,
    }
    done = await provider().signed_in(answer, SignInFlow("s", "n-1", "v"))
    assert (done.user.role, done.user.facility, done.user.name) == (
        "doctor",
        "KZ-75-P01",
        "Aliya",
    )
    assert done.expires_at.timestamp() <= time.time() + 301


async def test_an_id_token_for_another_client_is_refused():
    answer = {
        "id_token": signed({"aud": "another-client", "nonce": "n-1"}),
        "access_token": signed({"role": "doctor", "facility": "KZ-75-P01"}),
    }
    with pytest.raises(SignInFailed):
        await provider().signed_in(answer, SignInFlow("s", "n-1", "v"))


async def test_the_authorization_request_carries_pkce_s256_and_the_language():
    oidc = provider({"authorization_endpoint": f"{ISSUER}/authorize"})
    url, flow = await oidc.begin("ru")
    assert "code_challenge_method=S256" in url and "ui_locales=ru" in url
    assert f"state={flow.state}" in url and f"nonce={flow.nonce}" in url
    assert flow.code_verifier not in url and "client_id=kezek-console" in url


async def test_the_name_is_the_access_tokens_else_the_id_tokens_username():
    answer = {
        "id_token": signed(
            {"aud": "kezek-console", "nonce": "n-1", "preferred_username": "aliya"}
        ),
        "access_token": signed(
            {"realm_access": {"roles": ["doctor"]}, "facility": "KZ-75-P01"}
        ),
    }
    oidc = provider()
    oidc.claims = type(oidc.claims)("realm_access.roles", "facility")
    done = await oidc.signed_in(answer, SignInFlow("s", "n-1", "v"))
    assert (done.user.role, done.user.name) == ("doctor", "aliya")


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            {"end_session_endpoint": f"{ISSUER}/logout"},
            f"{ISSUER}/logout?client_id=kezek-console&post_logout_redirect_uri="
            "http%3A%2F%2F127.0.0.1%3A8084%2F%3Fended%3Dsigned_out&ui_locales=kk",
        ),
        ({}, None),
        ({"end_session_endpoint": "javascript:alert(1)"}, None),
    ],
)
async def test_sign_out_goes_to_the_providers_end_session_endpoint(document, expected):
    oidc = provider(document or {"issuer": ISSUER})
    assert await oidc.sign_out_url("kk") == expected


async def test_a_refresh_asks_the_token_endpoint_and_verifies_the_new_token():
    asked: list[dict[str, list[str]]] = []

    def token_endpoint(request: httpx.Request) -> httpx.Response:
        asked.append(parse_qs(request.content.decode()))
        access = signed({"role": "doctor", "facility": "KZ-75-P01", "name": "Aliya"})
        return httpx.Response(
            200,
            json={
                "access_token": access,
                "expires_in": 300,
                "refresh_token": "r-2",
                "refresh_expires_in": 1800,
            },
        )

    done = await answering(token_endpoint).refresh("r-1")
    assert asked[0]["grant_type"] == ["refresh_token"]
    assert (asked[0]["refresh_token"], asked[0]["client_id"]) == (
        ["r-1"],
        ["kezek-console"],
    )
    assert (done.user.role, done.user.name, done.refresh_token) == (
        "doctor",
        "Aliya",
        "r-2",
    )
    assert done.refresh_expires_at is not None
    assert done.refresh_expires_at.timestamp() <= time.time() + 1801


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(400, json={"error": "invalid_grant"}),
        httpx.Response(200, json={"access_token": signed({"aud": "other"})}),
    ],
)
async def test_a_refused_refresh_or_a_token_that_does_not_hold_up_fails(answer):
    with pytest.raises(SignInFailed):
        await answering(lambda request: answer).refresh("r-1")


async def test_a_token_endpoint_that_does_not_answer_is_unavailable():
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(ProviderUnavailable):
        await answering(down).refresh("r-1")
