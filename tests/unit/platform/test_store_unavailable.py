"""The store being unavailable is told apart from a refused operation in one
place (``shared.mongo.store_unavailable``), and every route answers it with
503, ``Retry-After`` and the error shape, never 500."""

from __future__ import annotations

import pytest
from aiohttp import web
from pymongo.errors import (
    AutoReconnect,
    DuplicateKeyError,
    ExecutionTimeout,
    NetworkTimeout,
    NotPrimaryError,
    OperationFailure,
    ServerSelectionTimeoutError,
    WTimeoutError,
)

from shared.http import add_route, create_app, finish_routes
from shared.http.errors import ErrorSchema
from shared.mongo import store_unavailable
from shared.settings import ServiceSettings

OUTAGES = [
    ServerSelectionTimeoutError("127.0.0.1:27017: [Errno 111] Connection refused"),
    AutoReconnect("127.0.0.1:27017: connection closed"),
    NetworkTimeout("127.0.0.1:27017: timed out"),
    NotPrimaryError("not primary"),
    ExecutionTimeout("operation exceeded time limit", 50),
    WTimeoutError("waiting for replication timed out", 64),
]
REFUSALS = [
    DuplicateKeyError("E11000 duplicate key", 11000),
    OperationFailure("Unauthorized", 13),
    ValueError("not a store error"),
]


@pytest.mark.parametrize("exc", OUTAGES, ids=lambda e: type(e).__name__)
def test_an_unreachable_or_timed_out_store_is_unavailable(exc):
    assert store_unavailable(exc)


@pytest.mark.parametrize("exc", REFUSALS, ids=lambda e: type(e).__name__)
def test_a_refused_operation_is_not_an_outage(exc):
    assert not store_unavailable(exc)


@pytest.fixture
async def client(aiohttp_client):
    failures = {"outage": OUTAGES[0], "refusal": REFUSALS[1]}

    async def failing(request: web.Request) -> web.Response:
        raise failures[request.match_info["kind"]]

    app = create_app(ServiceSettings(service_name="unit"))
    add_route(app, "POST", "/v1/things/{kind}", failing)
    finish_routes(app)
    return await aiohttp_client(app)


async def test_a_route_answers_an_outage_with_503_and_retry_after(client):
    response = await client.post("/v1/things/outage")
    assert response.status == 503
    assert 1 <= int(response.headers["Retry-After"]) <= 30
    error = ErrorSchema().load(await response.json())["error"]
    assert (error["status"], error["code"]) == (503, "store_unavailable")
    assert "27017" not in await response.text()


async def test_a_refused_store_operation_stays_a_500(client):
    response = await client.post("/v1/things/refusal")
    assert response.status == 500
    assert "Retry-After" not in response.headers
