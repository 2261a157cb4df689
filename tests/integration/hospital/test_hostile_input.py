"""Inputs that once answered 500: a body nested a thousand deep, a lone
surrogate, numbers past what MongoDB stores, the last day of year 9999. Each
now gets a 4xx naming the field, and no answer shows an internal detail."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import bearer
from tests.queue_builders import QUEUE

DEEP = '{"code": ' + "[" * 1000 + "]" * 1000 + ', "iin": "880315400128"}'
JSON = {"Content-Type": "application/json"}
LAST_DAY = date.max.isoformat()
INTERNALS = ("Traceback", "pymongo", "bson", "Error(", 'File "', "OverflowError")


async def refused(response, status: int, field: str | None = None) -> dict:
    text = await response.text()
    assert response.status == status, text
    for internal in INTERNALS:
        assert internal not in text
    error = (await response.json())["error"]
    if field is not None:
        assert field in error["fields"], error
    return error


async def test_a_lookup_nested_a_thousand_deep_is_400(client):
    response = await client.post("/v1/queue/lookup", data=DEEP, headers=JSON)
    await refused(response, 400)


@pytest.mark.parametrize("path", ["/v1/queue/lookup", "/v1/queue/cancel"])
async def test_a_lone_surrogate_is_422_naming_the_field(client, path):
    body = '{"code": "75-\\ud800", "iin": "880315400128", "reason_code": "moved"}'
    response = await client.post(path, data=body, headers=JSON)
    await refused(response, 422, "code")


@pytest.mark.parametrize(
    ("query", "field"),
    [("?after=9223372036854775808", "after"), ("?limit=9223372036854775808", "limit")],
)
async def test_a_log_cursor_past_int64_is_422(client, queue_settings, query, field):
    admin = bearer(queue_settings, "admin", "KZ-00-ADMIN", "auditor")
    response = await client.get(f"/v1/queues/{QUEUE}/log{query}", headers=admin)
    await refused(response, 422, field)


async def test_the_admissions_list_of_the_last_day_there_is_answers(desk):
    response = await desk.list(date.max)
    assert response.status < 500, await response.text()


async def test_a_page_past_int64_is_422(desk):
    await refused(await desk.list(page=2**63), 422, "page")
    await refused(await desk.list(page_size=2**63), 422, "page_size")


async def test_a_pull_for_the_last_day_there_is_is_a_4xx(desk):
    response = await desk.pull(date.max, 1)
    assert 400 <= response.status < 500, await response.text()
    await refused(response, response.status)


async def test_a_reschedule_to_the_last_day_there_is_is_a_4xx(desk):
    body = {"date": LAST_DAY, "reason_code": "patient_request"}
    response = await desk.act("0" * 32, "reschedule", body)
    assert 400 <= response.status < 500, await response.text()
