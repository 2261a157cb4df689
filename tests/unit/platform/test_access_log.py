"""The access-log policy: every request is counted in /metrics, but only
the lines the policy asks for are written (a line per lookup would cost the
hot path a third of its throughput)."""

from __future__ import annotations

import json
import logging
import re

import pytest
import structlog
from aiohttp import web

from services.queue.settings import QueueSettings
from shared.http import ApiError, add_route, create_app
from shared.http.app import should_log
from shared.logging import configure_logging
from shared.settings import ServiceSettings, SettingsError


async def ok(request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


async def refused(request: web.Request) -> web.Response:
    raise ApiError(422, "invalid", "Nope.")


@pytest.fixture(autouse=True)
def reset_logging():
    yield
    structlog.reset_defaults()
    structlog.contextvars.clear_contextvars()
    logging.getLogger().handlers = []


async def ok_count(client) -> float:
    metrics = await (await client.get("/metrics")).text()
    found = re.search(
        r'kezek_http_requests_total\{method="GET",route="/ok",service="unit",'
        r'status="200"\} ([0-9.]+)',
        metrics,
    )
    return float(found.group(1)) if found else 0.0


async def logged_routes(aiohttp_client, capsys, policy: str) -> list[tuple[str, int]]:
    app = create_app(ServiceSettings(service_name="unit", access_log=policy))
    add_route(app, "GET", "/ok", ok)
    add_route(app, "GET", "/refused", refused)
    client = await aiohttp_client(app)
    configure_logging("unit", "INFO")
    before = await ok_count(client)
    capsys.readouterr()
    for path in ("/ok", "/refused", "/ok"):
        await client.get(path)
    assert await ok_count(client) == before + 2
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x]
    requests = [x for x in lines if x["event"] == "http_request"]
    assert all(len(x["correlation_id"]) >= 8 for x in requests)
    return [(x["route"], x["status"]) for x in requests]


async def test_problems_logs_only_refused_requests(aiohttp_client, capsys):
    assert await logged_routes(aiohttp_client, capsys, "problems") == [
        ("/refused", 422)
    ]


async def test_all_logs_every_request_with_its_correlation_id(aiohttp_client, capsys):
    assert await logged_routes(aiohttp_client, capsys, "all") == [
        ("/ok", 200),
        ("/refused", 422),
        ("/ok", 200),
    ]


async def test_off_logs_no_request(aiohttp_client, capsys):
    assert await logged_routes(aiohttp_client, capsys, "off") == []


@pytest.mark.parametrize(
    ("policy", "status", "ms", "logged"),
    [
        ("problems", 200, 10.0, False),
        ("problems", 200, 500.0, True),
        ("problems", 404, 1.0, True),
        ("problems", 500, 1.0, True),
        ("all", 200, 1.0, True),
        ("off", 500, 9000.0, False),
    ],
)
def test_the_policy(policy, status, ms, logged):
    assert should_log(policy, status, ms, slow_ms=500) is logged


def test_an_unknown_policy_is_refused_at_start():
    with pytest.raises(SettingsError, match="ACCESS_LOG"):
        ServiceSettings.from_env({"ACCESS_LOG": "verbose"})


def test_a_service_on_published_keys_says_so_when_it_starts(capsys):
    configure_logging("unit", "INFO")
    capsys.readouterr()
    create_app(QueueSettings(service_name="unit", kezek_env="development"))
    create_app(QueueSettings(service_name="unit", iin_digest_key="o" * 40))
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x]
    warnings = [x for x in lines if x["event"] == "development_keys_in_use"]
    assert len(warnings) == 1
    assert warnings[0]["settings"] == ["IIN_DIGEST_KEY"]
    assert warnings[0]["level"] == "warning"
