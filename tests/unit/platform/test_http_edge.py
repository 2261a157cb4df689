"""The HTTP edge under hostile or odd requests: every answer uncacheable,
unframeable and naming no software; bodies too deep, lone surrogates and
requests too broken to route refused without a 500."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web

from shared.http import add_route, create_app
from shared.settings import ServiceSettings
from tests.unit.platform.http_app import error_of, unit_client


@pytest.fixture
async def client(aiohttp_client):
    return await unit_client(aiohttp_client)


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/v1/referrals", 200),
        ("POST", "/conflict", 409),
        ("GET", "/nowhere", 404),
        ("GET", "/broken", 500),
        ("GET", "/healthz", 200),
    ],
)
async def test_every_answer_is_uncacheable_unframeable_and_names_no_software(
    client, method, path, status
):
    response = await client.request(method, path)
    assert response.status == status
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Server"] == "Kezek"


async def test_a_handler_may_choose_its_own_caching(aiohttp_client):
    async def public(request: web.Request) -> web.Response:
        return web.json_response({}, headers={"Cache-Control": "max-age=60"})

    app = create_app(ServiceSettings(service_name="unit"))
    add_route(app, "GET", "/public", public)
    response = await (await aiohttp_client(app)).get("/public")
    assert response.headers["Cache-Control"] == "max-age=60"


async def test_a_deeply_nested_body_is_400_not_500(client):
    deep = '{"facility_id": "F", "patient": ' + "[" * 480 + "]" * 480 + "}"
    response = await client.post(
        "/v1/referrals", data=deep, headers={"Content-Type": "application/json"}
    )
    error = await error_of(response, 400)
    assert error["code"] == "malformed_json"
    assert "32 levels" in error["message"]


async def test_a_body_a_little_too_deep_is_refused_before_any_store_sees_it(client):
    nested = '{"facility_id": "F", "patient": ' + '{"a": ' * 40 + "1" + "}" * 41
    response = await client.post(
        "/v1/referrals", data=nested, headers={"Content-Type": "application/json"}
    )
    assert (await error_of(response, 400))["code"] == "malformed_json"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"facility_id": "\\ud800", "patient": {}}', "facility_id"),
        ('{"facility_id": "F", "patient": {"iin": "x\\udfff"}}', "patient.iin"),
        ('{"facility_id": "F", "patient": {"\\ud800": 1}}', "patient"),
    ],
)
async def test_a_lone_surrogate_is_422_naming_its_field(client, body, field):
    response = await client.post(
        "/v1/referrals", data=body, headers={"Content-Type": "application/json"}
    )
    error = await error_of(response, 422)
    assert list(error["fields"]) == [field]
    assert "Unicode" in error["fields"][field][0]


async def test_a_request_too_broken_to_route_names_no_software_either(client):
    reader, writer = await asyncio.open_connection(client.host, client.port)
    writer.write(b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n")
    await writer.drain()
    head = (await reader.read(4096)).split(b"\r\n\r\n", 1)[0].decode()
    writer.close()
    assert head.startswith("HTTP/1.0 400")
    assert "Server: Kezek" in head
    assert "aiohttp" not in head and "Python" not in head
