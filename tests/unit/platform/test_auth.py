"""Bearer tokens: HS256 pinned; exp, aud, iss and sub required."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from aiohttp import web

from shared.auth import InvalidToken, Principal, issue_token, verify_token
from shared.http import add_route, create_app, require_principal
from shared.settings import ServiceSettings

SECRET = "unit-test-signing-key-" + "k" * 42
HOUR, HOURS_2 = timedelta(hours=1), timedelta(hours=2)
ISSUER, AUDIENCE = "kezek-test", "kezek"


def claims(**overrides: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    base = {
        "sub": "dr-aliya",
        "role": "doctor",
        "facility": "KZ-75-P01",
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + timedelta(minutes=5),
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


NOW = int(datetime.now(UTC).timestamp())
FAR = NOW + 50 * 365 * 86400


def verify(token: str) -> Principal:
    return verify_token(token, SECRET, issuer=ISSUER, audience=AUDIENCE)


def test_an_issued_token_verifies_to_its_principal():
    token = issue_token(
        SECRET,
        role="hospital",
        facility="KZ-75-H01",
        subject="clerk-1",
        issuer=ISSUER,
        audience=AUDIENCE,
    )
    assert verify(token) == Principal("hospital", "KZ-75-H01", "clerk-1")


def test_an_unknown_role_cannot_be_issued():
    with pytest.raises(ValueError):
        issue_token(
            SECRET,
            role="patient",
            facility="F",
            subject="s",
            issuer=ISSUER,
            audience=AUDIENCE,
        )


def _unsigned(payload: dict[str, Any]) -> str:
    def part(value: dict[str, Any]) -> str:
        raw = json.dumps(value, default=lambda d: int(d.timestamp())).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(payload)}."


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(_unsigned(claims()), id="alg-none"),
        pytest.param(jwt.encode(claims(), SECRET, algorithm="HS512"), id="alg-HS512"),
        pytest.param(jwt.encode(claims(), SECRET, algorithm="HS384"), id="alg-HS384"),
        pytest.param(
            jwt.encode(claims(), "another-signing-key-" + "x" * 44),
            id="wrong-key",
        ),
        pytest.param(jwt.encode(claims(exp=None), SECRET), id="no-exp"),
        pytest.param(jwt.encode(claims(aud=None), SECRET), id="no-aud"),
        pytest.param(jwt.encode(claims(iss=None), SECRET), id="no-iss"),
        pytest.param(jwt.encode(claims(sub=None), SECRET), id="no-sub"),
        pytest.param(jwt.encode(claims(aud="another-api"), SECRET), id="wrong-aud"),
        pytest.param(jwt.encode(claims(iss="someone-else"), SECRET), id="wrong-iss"),
        pytest.param(
            jwt.encode(claims(exp=datetime.now(UTC) - timedelta(seconds=5)), SECRET),
            id="expired",
        ),
        pytest.param(jwt.encode(claims(role="patient"), SECRET), id="bad-role"),
        pytest.param(jwt.encode(claims(role=None), SECRET), id="no-role"),
        pytest.param(jwt.encode(claims(facility=None), SECRET), id="no-facility"),
        pytest.param(jwt.encode(claims(facility=""), SECRET), id="empty-facility"),
        pytest.param("not-a-jwt", id="garbage"),
        pytest.param(jwt.encode(claims(exp=FAR, iat=None), SECRET), id="no-iat"),
        pytest.param(jwt.encode(claims(exp=str(FAR)), SECRET), id="exp-a-string"),
        pytest.param(jwt.encode(claims(exp=True), SECRET), id="exp-a-boolean"),
        pytest.param(jwt.encode(claims(iat=str(NOW)), SECRET), id="iat-a-string"),
        pytest.param(jwt.encode(claims(exp=FAR), SECRET), id="lifetime-of-decades"),
        pytest.param(
            jwt.encode(claims(exp=NOW + 13 * 3600, iat=NOW), SECRET),
            id="lifetime-over-12h",
        ),
        pytest.param(
            jwt.encode(claims(iat=NOW + 3600, exp=NOW + 7200), SECRET),
            id="issued-in-the-future",
        ),
        pytest.param(jwt.encode(claims(sub=""), SECRET), id="empty-sub"),
        pytest.param(jwt.encode(claims(sub="  "), SECRET), id="blank-sub"),
    ],
)
def test_tokens_that_must_be_rejected(token):
    with pytest.raises(InvalidToken):
        verify(token)


def test_a_well_formed_hs256_token_is_accepted():
    token = jwt.encode(claims(), SECRET, algorithm="HS256")
    assert verify(token).facility == "KZ-75-P01"


def test_a_token_lives_at_most_the_lifetime_given():
    token = jwt.encode(claims(iat=NOW, exp=NOW + 2 * 3600), SECRET)
    assert verify_token(
        token, SECRET, issuer=ISSUER, audience=AUDIENCE, max_lifetime=HOURS_2
    )
    with pytest.raises(InvalidToken, match="lifetime"):
        verify_token(token, SECRET, issuer=ISSUER, audience=AUDIENCE, max_lifetime=HOUR)


def test_a_facility_outside_the_registry_is_refused():
    token = jwt.encode(claims(facility="KZ-99-NOWHERE"), SECRET)
    known = {"KZ-75-P01"}
    with pytest.raises(InvalidToken, match="registry"):
        verify_token(token, SECRET, issuer=ISSUER, audience=AUDIENCE, facilities=known)


@pytest.fixture
async def client(aiohttp_client):
    app = create_app(
        ServiceSettings(jwt_secret=SECRET, jwt_issuer=ISSUER, jwt_audience=AUDIENCE)
    )

    async def whoami(request: web.Request) -> web.Response:
        principal = require_principal(request, "hospital", "admin")
        return web.json_response({"facility": principal.facility})

    add_route(app, "GET", "/whoami", whoami)
    return await aiohttp_client(app)


def bearer(**overrides: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {jwt.encode(claims(**overrides), SECRET)}"}


async def test_the_right_role_passes(client):
    response = await client.get("/whoami", headers=bearer(role="hospital"))
    assert response.status == 200
    assert await response.json() == {"facility": "KZ-75-P01"}


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        ({}, "unauthorized"),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, "unauthorized"),
        ({"Authorization": "Bearer "}, "unauthorized"),
        ({"Authorization": "Bearer not-a-jwt"}, "invalid_token"),
        (bearer(role="hospital", aud="elsewhere"), "invalid_token"),
    ],
)
async def test_a_missing_or_invalid_token_is_401_with_a_challenge(
    client, headers, code
):
    response = await client.get("/whoami", headers=headers)
    assert response.status == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    body = await response.json()
    assert body["error"]["status"] == 401 and body["error"]["code"] == code


async def test_a_token_for_a_facility_not_in_the_registry_is_401(client):
    response = await client.get(
        "/whoami", headers=bearer(role="hospital", facility="KZ-99-NOWHERE")
    )
    assert response.status == 401
    assert (await response.json())["error"]["code"] == "invalid_token"


async def test_a_valid_token_with_another_role_is_403(client):
    response = await client.get("/whoami", headers=bearer(role="doctor"))
    assert response.status == 403
    assert (await response.json())["error"]["code"] == "forbidden"


def test_an_admin_works_for_the_bureau_not_a_registered_facility():
    token = jwt.encode(claims(role="admin", facility="KZ-00-ADMIN"), SECRET)
    known = {"KZ-75-P01"}
    principal = verify_token(
        token, SECRET, issuer=ISSUER, audience=AUDIENCE, facilities=known
    )
    assert principal.role == "admin"
