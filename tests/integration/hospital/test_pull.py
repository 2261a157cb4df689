"""POST /v1/admissions/pull over HTTP: the answer's shape, the clerk's
hospital from the token, Idempotency-Key with its headers, and the input
refused with 401, 404 and 422 (what a pull does: tests/unit/queue/hospital/
test_pull.py)."""

from __future__ import annotations

from datetime import timedelta

from services.queue.hospital.entrypoints.responses import PullAnswer, PulledEntry
from tests.integration.hospital.support import json_of
from tests.integration.queue.support import outbox_events, place, positions
from tests.queue_builders import QUEUE, START


async def line_of(bureau, count, **kwargs):
    return [
        await place(bureau, registered_at=START + timedelta(minutes=i), **kwargs)
        for i in range(count)
    ]


async def test_a_pull_answers_what_it_scheduled_and_the_beds(desk, bureau):
    planned = await line_of(bureau, 3)
    tomorrow = bureau.today() + timedelta(days=1)

    body = await json_of(await desk.pull(tomorrow, 2))

    assert set(body) == set(PullAnswer().fields)
    assert (body["queue_id"], body["date"]) == (QUEUE, tomorrow.isoformat())
    assert [set(row) for row in body["scheduled"]] == [set(PulledEntry().fields)] * 2
    assert [(r["entry_id"], r["hospitalization_code"]) for r in body["scheduled"]] == [
        (planned[0].entry_id, planned[0].code),
        (planned[1].entry_id, planned[1].code),
    ]
    assert body["free_beds"] == {"before": 6, "after": 4}
    assert positions(bureau, planned) == [None, None, 1]


async def test_a_retried_pull_with_its_key_returns_the_first_answer(desk, bureau):
    await line_of(bureau, 5)
    tomorrow = bureau.today() + timedelta(days=1)

    first = await desk.pull(tomorrow, 2, key="pull-0001")
    body = await json_of(first)
    retry = await desk.pull(tomorrow, 2, key="pull-0001")

    assert await json_of(retry) == body
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert len(await outbox_events(bureau, "queue.admission_scheduled")) == 2
    reused = await json_of(await desk.pull(tomorrow, 3, key="pull-0001"), 422)
    assert reused["error"]["code"] == "idempotency_key_reused"
    bad_key = await json_of(await desk.pull(tomorrow, 1, key="a key"), 422)
    assert "Idempotency-Key" in bad_key["error"]["fields"]


async def test_pull_input_is_checked(desk, bureau, client):
    today = bureau.today()
    cases = [
        ({"count": 0}, "count"),
        ({"count": 51}, "count"),
        ({"date": "2026-02-30"}, "date"),
        ({"date": (today - timedelta(days=1)).isoformat()}, "date"),
        ({"bed_profile": "astrology"}, "bed_profile"),
    ]
    for change, field in cases:
        body = {"bed_profile": "psychiatry", "date": today.isoformat(), "count": 1}
        response = await client.post(
            "/v1/admissions/pull", json={**body, **change}, headers=desk.headers()
        )
        answer = await json_of(response, 422)
        assert field in answer["error"]["fields"], change
    lacking = await json_of(await desk.pull(today, 1, profile="cardiology"), 404)
    assert lacking["error"]["code"] == "not_found"
    ignored = await json_of(await desk.pull(today, 1, reason_ignored=None), 422)
    assert "reason_ignored" in ignored["error"]["fields"]
    words = await json_of(await desk.pull(today, 1, override_reason="ward 3"), 422)
    assert "override_reason_code" in words["error"]["fields"]["override_reason"][0]
    unauthenticated = await client.post("/v1/admissions/pull", json={})
    assert unauthenticated.status == 401
    assert await outbox_events(bureau, "queue.admission_scheduled") == []
