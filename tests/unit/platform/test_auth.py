"""A route's caller: 401 without a valid bearer token, 403 with another
role, 503 while the identity provider cannot be reached."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp import web

from shared.embedded import free_port
from shared.http import add_route, create_app, require_principal
from shared.settings import ServiceSettings
from tests.identity import TEST_ISSUER
from tests.unit.platform.test_tokens import claims


def app_of(settings: ServiceSettings) -> web.Application:
    app = create_app(settings)

    async def whoami(request: web.Request) -> web.Response:
        principal = await require_principal(request, "hospital", "admin")
        return web.json_response({"facility": principal.facility})

    add_route(app, "GET", "/whoami", whoami)
    return app


@pytest.fixture
async def client(aiohttp_client):
    return await aiohttp_client(app_of(ServiceSettings(oidc_issuer=TEST_ISSUER.url)))


def bearer(**overrides: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {TEST_ISSUER.mint(claims(**overrides))}"}


async def test_the_right_role_passes(client):
    response = await client.get("/whoami", headers=bearer(role="hospital"))
    assert response.status == 200
    assert await response.json() == {"facility": "KZ-75-P01"}


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        (dict, "unauthorized"),
        (lambda: {"Authorization": "Basic dXNlcjpwYXNz"}, "unauthorized"),
        (lambda: {"Authorization": "Bearer "}, "unauthorized"),
        (lambda: {"Authorization": "Bearer not-a-jwt"}, "invalid_token"),
        (lambda: bearer(role="hospital", aud="elsewhere"), "invalid_token"),
    ],
)
async def test_a_missing_or_invalid_token_is_401_with_a_challenge(
    client, headers, code
):
    response = await client.get("/whoami", headers=headers())
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


async def test_the_refusal_is_in_the_callers_language(client):
    headers = {**bearer(role="hospital", sub=""), "Accept-Language": "ru"}
    response = await client.get("/whoami", headers=headers)
    message = (await response.json())["error"]["message"]
    assert message == "Токен недействителен: поле sub пустое"


async def test_an_unreachable_identity_provider_is_503_to_retry(aiohttp_client):
    down = f"http://127.0.0.1:{free_port()}"
    client = await aiohttp_client(app_of(ServiceSettings(oidc_issuer=down)))
    response = await client.get("/whoami", headers=bearer(role="hospital"))
    assert response.status == 503
    assert response.headers["Retry-After"] == "5"
    assert (await response.json())["error"]["code"] == "identity_unavailable"
