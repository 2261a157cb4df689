"""Bearer tokens: RS256 or ES256 by the issuer's published keys; exp, iat,
aud, iss and sub required; a bounded lifetime; the role and facility where
the deployment says they are."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest

from shared.identity import (
    ClaimNames,
    InvalidToken,
    IssuerKeys,
    Principal,
    verify_token,
)
from tests.identity import TEST_ISSUER, TestIssuer

HOUR, HOURS_2 = timedelta(hours=1), timedelta(hours=2)
AUDIENCE = "kezek"
YEARS_50 = 50 * 365 * 86400


def now() -> int:
    """Seconds since 1970 when the token is made: a token made while the
    tests are collected would expire before a long run reaches it."""
    return int(datetime.now(UTC).timestamp())


def claims(**overrides: Any) -> dict[str, Any]:
    base = {
        "sub": "dr-aliya",
        "role": "doctor",
        "facility": "KZ-75-P01",
        "iss": TEST_ISSUER.url,
        "aud": AUDIENCE,
        "iat": now(),
        "exp": now() + 300,
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def keys_of(issuer: TestIssuer) -> IssuerKeys:
    return IssuerKeys(f"{issuer.url}/.well-known/openid-configuration", issuer.url)


async def verify(token: str, issuer: TestIssuer = TEST_ISSUER, **options: Any):
    keys = keys_of(issuer)
    try:
        return await verify_token(
            token, keys, issuer=issuer.url, audience=AUDIENCE, **options
        )
    finally:
        await keys.close()


def _unsigned(payload: dict[str, Any]) -> str:
    def part(value: dict[str, Any]) -> str:
        raw = json.dumps(value).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    header = {"alg": "none", "typ": "JWT", "kid": TEST_ISSUER.kid}
    return f"{part(header)}.{part(payload)}."


def mint(**overrides: Any) -> str:
    return TEST_ISSUER.mint(claims(**overrides))


SHARED_SECRET = "a-secret-anyone-holding-the-verifier-has-" + "k" * 24
STRANGER = TestIssuer()


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: _unsigned(claims()), id="alg-none"),
        pytest.param(
            lambda: jwt.encode(
                claims(), SHARED_SECRET, headers={"kid": TEST_ISSUER.kid}
            ),
            id="alg-HS256",
        ),
        pytest.param(
            lambda: STRANGER.mint(claims(), kid=TEST_ISSUER.kid), id="wrong-key"
        ),
        pytest.param(
            lambda: TEST_ISSUER.mint(claims(), kid="no-such-key"), id="unknown-kid"
        ),
        pytest.param(
            lambda: jwt.encode(claims(), TEST_ISSUER.private_key, algorithm="ES256"),
            id="no-kid",
        ),
        pytest.param(lambda: mint(exp=None), id="no-exp"),
        pytest.param(lambda: mint(aud=None), id="no-aud"),
        pytest.param(lambda: mint(iss=None), id="no-iss"),
        pytest.param(lambda: mint(sub=None), id="no-sub"),
        pytest.param(lambda: mint(aud="another-api"), id="wrong-aud"),
        pytest.param(lambda: mint(iss="https://someone-else.example"), id="wrong-iss"),
        pytest.param(lambda: mint(exp=now() - 5), id="expired"),
        pytest.param(lambda: mint(role="patient"), id="bad-role"),
        pytest.param(lambda: mint(role=None), id="no-role"),
        pytest.param(lambda: mint(role=["doctor", "admin"]), id="two-roles"),
        pytest.param(lambda: mint(facility=None), id="no-facility"),
        pytest.param(lambda: mint(facility=""), id="empty-facility"),
        pytest.param(lambda: mint(facility=["KZ-75-P01"]), id="facility-a-list"),
        pytest.param(lambda: "not-a-jwt", id="garbage"),
        pytest.param(lambda: mint(exp=now() + YEARS_50, iat=None), id="no-iat"),
        pytest.param(lambda: mint(exp=str(now() + YEARS_50)), id="exp-a-string"),
        pytest.param(lambda: mint(exp=True), id="exp-a-boolean"),
        pytest.param(lambda: mint(iat=str(now())), id="iat-a-string"),
        pytest.param(lambda: mint(exp=now() + YEARS_50), id="lifetime-of-decades"),
        pytest.param(lambda: mint(exp=now() + 13 * 3600), id="lifetime-over-12h"),
        pytest.param(
            lambda: mint(iat=now() + 3600, exp=now() + 7200), id="issued-in-the-future"
        ),
        pytest.param(lambda: mint(sub=""), id="empty-sub"),
        pytest.param(lambda: mint(sub="  "), id="blank-sub"),
    ],
)
async def test_tokens_that_must_be_rejected(make):
    with pytest.raises(InvalidToken):
        await verify(make())


async def test_a_token_of_the_issuer_verifies_to_its_principal():
    token = mint(role="hospital", facility="KZ-75-H01", sub="clerk-1", name="Aigerim")
    assert await verify(token) == Principal(
        "hospital", "KZ-75-H01", "clerk-1", "Aigerim"
    )


async def test_an_rs256_issuer_is_verified_as_well():
    issuer = TestIssuer("RS256")
    token = issuer.mint(claims(iss=issuer.url))
    assert (await verify(token, issuer)).facility == "KZ-75-P01"


async def test_an_rsa_key_cannot_be_used_as_the_es256_it_is_not():
    issuer = TestIssuer("RS256")
    forged = jwt.encode(
        claims(iss=issuer.url),
        STRANGER.private_key,
        algorithm="ES256",
        headers={"kid": issuer.kid},
    )
    with pytest.raises(InvalidToken, match="does not sign ES256"):
        await verify(forged, issuer)


async def test_a_token_lives_at_most_the_lifetime_given():
    token = mint(exp=now() + 2 * 3600)
    assert await verify(token, max_lifetime=HOURS_2)
    with pytest.raises(InvalidToken, match="lifetime"):
        await verify(token, max_lifetime=HOUR)


async def test_a_facility_outside_the_registry_is_refused():
    with pytest.raises(InvalidToken, match="registry"):
        await verify(mint(facility="KZ-99-NOWHERE"), facilities={"KZ-75-P01"})


async def test_an_admin_works_for_the_bureau_not_a_registered_facility():
    token = mint(role="admin", facility="KZ-00-ADMIN")
    principal = await verify(token, facilities={"KZ-75-P01"})
    assert principal.role == "admin"


async def test_keycloak_style_roles_are_read_where_the_deployment_says():
    token = mint(
        role=None,
        realm_access={"roles": ["offline_access", "hospital", "uma_authorization"]},
    )
    names = ClaimNames(role="realm_access.roles", facility="facility")
    principal = await verify(token, claims=names)
    assert (principal.role, principal.facility) == ("hospital", "KZ-75-P01")
    with pytest.raises(InvalidToken, match="role or facility"):
        await verify(token)
