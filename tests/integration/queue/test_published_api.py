"""The queue service's API as published: the OpenAPI document describes the
patients' routes and their refusals, and unknown paths and methods are
answered in the API's error shape."""

from __future__ import annotations


async def test_the_api_is_documented(client):
    document = await (await client.get("/openapi.json")).json()
    assert {
        "/v1/queue/lookup",
        "/v1/queue/cancel",
        "/v1/facilities",
        "/v1/queues/{queue_id}/log",
    } <= set(document["paths"])
    for path in ("/v1/queue/lookup", "/v1/queue/cancel"):
        operation = document["paths"][path]["post"]
        assert {"403", "404", "422", "429"} <= set(operation["responses"])
        assert "verification_required" in operation["responses"]["403"]["description"]
        assert "one-time code" in operation["description"]
        body = operation["requestBody"]["content"]["application/json"]["schema"]
        name = body["$ref"].rsplit("/", 1)[-1]
        assert "one_time_code" in document["components"]["schemas"][name]["properties"]
    assert (await client.get("/docs")).status == 200


async def test_unknown_paths_and_methods_are_answered_in_the_error_shape(client):
    missing = await client.get("/v1/no/such/thing")
    assert missing.status == 404
    assert (await missing.json())["error"]["code"] == "not_found"
    assert "X-Correlation-ID" in missing.headers
    wrong_method = await client.get("/v1/queue/lookup")
    assert wrong_method.status == 405
    assert "POST" in wrong_method.headers["Allow"]
    assert (await wrong_method.json())["error"]["code"] == "method_not_allowed"
