"""HTTP basics: one error shape for every failure, health, readiness, metrics."""

from __future__ import annotations

import pytest

from tests.unit.platform.http_app import error_of, unit_client, valid_referral


@pytest.fixture
async def client(aiohttp_client):
    return await unit_client(aiohttp_client)


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
