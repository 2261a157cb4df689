"""The identity provider's tokens as the console checks them: signed by a
key of the issuer's JWKS (ES256 or RS256, never HS256), its issuer and
audience, the id_token's nonce; the user from configurable claims."""

from __future__ import annotations

import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from services.console.settings import ConsoleSettings
from services.console.sign_in import OidcProvider, SignInFailed, SignInFlow
from services.console.tokens import (
    ClaimNames,
    InvalidToken,
    SigningKeys,
    user_of,
    verified_claims,
)

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


def signed(claims: dict[str, Any], **header: Any) -> str:
    now = int(time.time())
    body = {"iss": ISSUER, "aud": "kezek", "sub": "dr-1", "iat": now, "exp": now + 600}
    return jwt.encode(
        {**body, **claims}, PRIVATE, "ES256", headers={"kid": "k1", **header}
    )


async def checked(token: str, audience: str = "kezek") -> dict[str, Any]:
    return await verified_claims(token, OneKey(), issuer=ISSUER, audience=audience)


async def test_a_token_signed_by_the_issuers_key_is_taken():
    claims = await checked(signed({"role": "doctor"}))
    assert claims["role"] == "doctor"


@pytest.mark.parametrize(
    "claims",
    [{"aud": "another"}, {"iss": "http://elsewhere"}, {"exp": int(time.time()) - 3600}],
)
async def test_another_audience_issuer_or_a_past_expiry_is_refused(claims):
    with pytest.raises(InvalidToken):
        await checked(signed(claims))


async def test_an_hs256_token_is_refused_whatever_its_key():
    token = jwt.encode({"sub": "x"}, "k" * 32, "HS256", headers={"kid": "k1"})
    with pytest.raises(InvalidToken):
        await checked(token)


async def test_a_token_of_an_unknown_key_is_refused():
    with pytest.raises(InvalidToken):
        await checked(signed({}, kid="someone-elses"))


def test_the_role_and_facility_come_from_dotted_claims():
    claims = {
        "sub": "u",
        "realm_access": {"roles": ["offline", "doctor"]},
        "org": {"facility": "KZ-75-P01"},
        "preferred_username": "aliya",
    }
    user = user_of(claims, ClaimNames("realm_access.roles", "org.facility"), FACILITIES)
    assert (user.role, user.facility, user.name) == ("doctor", "KZ-75-P01", "aliya")


@pytest.mark.parametrize(
    "claims",
    [
        {"role": "nurse", "facility": "KZ-75-P01"},
        {"role": "doctor", "facility": "XX"},
        {"role": "doctor"},
    ],
)
def test_an_unknown_role_or_facility_is_refused(claims):
    with pytest.raises(InvalidToken):
        user_of({"sub": "u", **claims}, ClaimNames(), FACILITIES)


def test_an_admin_needs_no_registry_facility():
    user = user_of(
        {"sub": "b", "role": "admin", "facility": "BUREAU"}, ClaimNames(), FACILITIES
    )
    assert user.role == "admin"


def provider() -> OidcProvider:
    oidc = OidcProvider(ConsoleSettings(kezek_env="development"), FACILITIES)
    oidc.jwks = OneKey()  # type: ignore[assignment]
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
    oidc = provider()

    async def discovery() -> dict[str, Any]:
        return {"authorization_endpoint": f"{ISSUER}/authorize"}

    oidc.discovery = discovery  # type: ignore[method-assign]
    url, flow = await oidc.begin("ru")
    assert "code_challenge_method=S256" in url and "ui_locales=ru" in url
    assert f"state={flow.state}" in url and f"nonce={flow.nonce}" in url
    assert flow.code_verifier not in url and "client_id=kezek-console" in url
