"""HTTP basics: one error shape for every failure, health, readiness, metrics."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiohttp import web
from marshmallow import RAISE, Schema, fields, validate

from shared.http import (
    READINESS_CHECKS,
    ApiError,
    add_route,
    create_app,
    finish_routes,
    load_body,
    load_query,
)
from shared.settings import ServiceSettings


class Patient(Schema):
    class Meta:
        unknown = RAISE

    iin = fields.String(required=True, validate=validate.Regexp(r"^\d{12}$"))
    language = fields.String(required=True, validate=validate.OneOf(["kk", "ru"]))


class Referral(Schema):
    class Meta:
        unknown = RAISE

    facility_id = fields.String(required=True)
    patient = fields.Nested(Patient, required=True)


class Page(Schema):
    limit = fields.Integer(load_default=10, validate=validate.Range(1, 100))


async def create(request: web.Request) -> web.Response:
    body = await load_body(request, Referral())
    return web.json_response({"facility_id": body["facility_id"]}, status=201)


async def listing(request: web.Request) -> web.Response:
    return web.json_response(load_query(request, Page()))


async def broken(request: web.Request) -> web.Response:
    raise RuntimeError("mongodb://admin:hunter2@db/ is down for 870512300123")


async def conflict(request: web.Request) -> web.Response:
    raise ApiError(409, "already_admitted", "The patient is already admitted.")


@pytest.fixture
async def client(aiohttp_client):
    app = create_app(ServiceSettings(service_name="unit", max_body_bytes=1024))
    add_route(app, "POST", "/v1/referrals", create)
    add_route(app, "GET", "/v1/referrals", listing)
    add_route(app, "GET", "/broken", broken)
    add_route(app, "POST", "/conflict", conflict)
    finish_routes(app)
    state: dict[str, Any] = {"mongo_up": True}

    async def mongo() -> None:
        if not state["mongo_up"]:
            raise ConnectionError("mongo down")

    async def rabbitmq() -> None:
        return None

    app[READINESS_CHECKS].update(mongo=mongo, rabbitmq=rabbitmq)
    test_client = await aiohttp_client(app)
    test_client.state = state
    return test_client


async def error_of(response, status: int) -> dict[str, Any]:
    assert response.status == status, await response.text()
    assert response.content_type == "application/json"
    body = await response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert error["status"] == status
    assert isinstance(error["code"], str) and isinstance(error["message"], str)
    return dict(error)


def valid_referral() -> dict[str, Any]:
    return {
        "facility_id": "KZ-75-H01",
        "patient": {"iin": "870512300123", "language": "kk"},
    }


async def test_a_valid_body_passes(client):
    response = await client.post("/v1/referrals", json=valid_referral())
    assert response.status == 201


async def test_unknown_route_is_404_in_the_error_shape(client):
    error = await error_of(await client.get("/no/such/thing"), 404)
    assert error["code"] == "not_found"


async def test_wrong_method_is_405_with_allow(client):
    response = await client.delete("/v1/referrals")
    error = await error_of(response, 405)
    assert error["code"] == "method_not_allowed"
    assert {"GET", "POST"} <= set(response.headers["Allow"].split(","))


async def test_a_body_over_the_limit_is_413(client):
    response = await client.post(
        "/v1/referrals",
        data=b'{"facility_id": "' + b"x" * 4096 + b'"}',
        headers={"Content-Type": "application/json"},
    )
    error = await error_of(response, 413)
    assert error["code"] == "request_entity_too_large"


async def test_a_body_that_is_not_declared_json_is_415(client):
    response = await client.post(
        "/v1/referrals", data="facility_id=1", headers={"Content-Type": "text/plain"}
    )
    assert (await error_of(response, 415))["code"] == "unsupported_media_type"


@pytest.mark.parametrize("raw", [b"{not json", b"\xff\xfe", b"[1, 2]", b'"text"'])
async def test_a_body_that_is_not_a_json_object_is_400(client, raw):
    response = await client.post(
        "/v1/referrals", data=raw, headers={"Content-Type": "application/json"}
    )
    assert (await error_of(response, 400))["code"] == "malformed_json"


async def test_invalid_fields_are_422_with_dotted_names(client):
    body = valid_referral()
    body["patient"] = {"iin": "12", "language": "de", "blood_type": "A"}
    del body["facility_id"]
    error = await error_of(await client.post("/v1/referrals", json=body), 422)
    assert error["code"] == "validation_failed"
    assert set(error["fields"]) == {
        "facility_id",
        "patient.iin",
        "patient.language",
        "patient.blood_type",
    }
    assert all(isinstance(m, str) for ms in error["fields"].values() for m in ms)


async def test_an_empty_body_is_422_not_500(client):
    response = await client.post(
        "/v1/referrals", data=b"", headers={"Content-Type": "application/json"}
    )
    assert response.status in (400, 422)
    await error_of(response, response.status)


async def test_a_bad_query_is_422(client):
    error = await error_of(await client.get("/v1/referrals?limit=1000"), 422)
    assert list(error["fields"]) == ["limit"]
    assert await (await client.get("/v1/referrals?limit=5")).json() == {"limit": 5}


async def test_an_api_error_keeps_its_status_and_code(client):
    error = await error_of(await client.post("/conflict"), 409)
    assert error["code"] == "already_admitted"


async def test_a_handler_exception_is_a_json_500_that_leaks_nothing(client):
    response = await client.get("/broken")
    error = await error_of(response, 500)
    assert error["code"] == "internal_error"
    text = await response.text()
    for secret in (
        "hunter2",
        "mongodb://",
        "870512300123",
        "RuntimeError",
        "Traceback",
    ):
        assert secret not in text


async def test_the_correlation_id_is_echoed_on_success_and_on_errors(client):
    for path in ("/healthz", "/no/such/thing", "/broken"):
        response = await client.get(path, headers={"X-Correlation-ID": "trace-0001"})
        assert response.headers["X-Correlation-ID"] == "trace-0001"


async def test_an_unusable_correlation_id_is_replaced(client):
    response = await client.get("/healthz", headers={"X-Correlation-ID": "x"})
    assert response.headers["X-Correlation-ID"] != "x"
    assert len(response.headers["X-Correlation-ID"]) == 32


async def test_healthz_says_alive(client):
    response = await client.get("/healthz")
    assert response.status == 200 and (await response.json())["status"] == "alive"


async def test_readyz_is_200_when_every_check_passes_and_503_when_one_fails(client):
    ready = await client.get("/readyz")
    assert ready.status == 200
    assert (await ready.json())["checks"] == {"mongo": "ok", "rabbitmq": "ok"}
    client.state["mongo_up"] = False
    not_ready = await client.get("/readyz")
    assert not_ready.status == 503
    body = await not_ready.json()
    assert body["status"] == "not_ready"
    assert body["checks"]["mongo"].startswith("unavailable")
    assert body["checks"]["rabbitmq"] == "ok"


async def test_metrics_are_prometheus_text_counting_requests(client):
    await client.get("/no/such/thing")
    await client.post("/v1/referrals", json=valid_referral())
    response = await client.get("/metrics")
    assert response.status == 200
    assert response.content_type == "text/plain"
    text = await response.text()
    assert "# TYPE kezek_http_requests_total counter" in text
    assert (
        'kezek_http_requests_total{method="POST",route="/v1/referrals",'
        'service="unit",status="201"}' in text
    )
    assert 'route="unmatched",service="unit",status="404"' in text
    assert "kezek_http_request_seconds_bucket" in text


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
