"""A pull schedules the next waiting entries for a day in queue order, up to
the free beds, skips (and reports) entries whose tests lapse, logs who did it
and why, moves the followers, and answers a retried key with its first
answer."""

from __future__ import annotations

from datetime import timedelta

from tests.integration.hospital.support import QUEUE, json_of, log_records
from tests.integration.queue.support import START, outbox_events, place, positions


async def line_of(bureau, count, **kwargs):
    return [
        await place(bureau, registered_at=START + timedelta(minutes=i), **kwargs)
        for i in range(count)
    ]


async def test_a_pull_takes_the_head_in_order_and_the_followers_move_up(
    desk, bureau, client
):
    planned = await line_of(bureau, 5)
    urgent = await place(bureau, priority="urgent")
    tomorrow = bureau.today() + timedelta(days=1)

    body = await json_of(await desk.pull(tomorrow, 3, reason_ignored=None), 422)
    assert "reason_ignored" in body["error"]["fields"]
    body = await json_of(await desk.pull(tomorrow, 3))

    taken = [row["entry_id"] for row in body["scheduled"]]
    assert taken == [urgent.entry_id, planned[0].entry_id, planned[1].entry_id]
    assert body["skipped"] == [] and body["limited_by_free_beds"] is False
    assert body["free_beds"] == {"before": 6, "after": 3}
    assert positions(bureau, planned[2:]) == [1, 2, 3]
    lookup = await client.post("/v1/queue/lookup", json=planned[4].lookup_body())
    assert (await lookup.json())["position"] == 3
    for entry_id in taken:
        [event] = await outbox_events(
            bureau, "queue.admission_scheduled", entry_id=entry_id
        )
        assert event["data"]["scheduled_date"] == tomorrow.isoformat()
        assert event["data"]["actor"] == desk.actor
    records = await log_records(bureau, event_type="queue.admission_scheduled")
    assert [r["entry_id"] for r in records] == taken
    assert {(r["actor"], r["reason_code"]) for r in records} == {(desk.actor, None)}


async def test_never_more_than_the_free_beds_unless_an_override_is_logged(desk, bureau):
    queue = await line_of(bureau, 9)
    tomorrow = bureau.today() + timedelta(days=1)

    first = await json_of(await desk.pull(tomorrow, 10))
    assert len(first["scheduled"]) == 6 and first["limited_by_free_beds"] is True
    assert first["free_beds"] == {"before": 6, "after": 0}
    again = await json_of(await desk.pull(tomorrow, 2))
    assert again["scheduled"] == [] and again["free_beds"]["before"] == 0
    other_day = await json_of(await desk.pull(tomorrow + timedelta(days=1), 1))
    assert [r["entry_id"] for r in other_day["scheduled"]] == [queue[6].entry_id]

    words = await json_of(
        await desk.pull(tomorrow, 1, override_reason="ward 3 reopened"), 422
    )
    assert "override_reason_code" in words["error"]["fields"]["override_reason"][0]
    forced = await json_of(
        await desk.pull(
            tomorrow, 1, override_reason_code="extra_bed", note="ward 3 reopened"
        )
    )
    assert [r["entry_id"] for r in forced["scheduled"]] == [queue[7].entry_id]
    assert forced["scheduled"][0]["beyond_free_beds"] is True
    assert forced["override_reason_code"] == "extra_bed"
    [record] = await log_records(
        bureau, entry_id=queue[7].entry_id, event_type="queue.admission_scheduled"
    )
    assert record["details"]["override_reason_code"] == "extra_bed"
    assert record["actor"] == desk.actor
    assert "ward 3" not in str(record)
    [event] = await outbox_events(
        bureau, "queue.admission_scheduled", entry_id=queue[7].entry_id
    )
    assert event["data"]["override_reason_code"] == "extra_bed"
    assert "ward 3" not in str(event)

    listed = await json_of(await desk.list(tomorrow, bed_profile="psychiatry"))
    assert listed["beds"] == {
        "total": 6,
        "occupied": 0,
        "booked": 7,
        "free": 0,
        "booked_beyond_beds": 1,
    }
    assert positions(bureau, queue) == [None] * 8 + [1]


async def test_entries_whose_tests_lapse_before_the_day_are_skipped_and_reported(
    desk, bureau
):
    day = bureau.today() + timedelta(days=5)
    lapsing = await place(
        bureau,
        registered_at=START,
        tests=[{"code": "fluorography", "valid_until": day - timedelta(days=1)}],
    )
    ready = await place(
        bureau,
        registered_at=START + timedelta(minutes=1),
        tests=[{"code": "complete_blood_count", "valid_until": day}],
    )
    untested = await place(bureau, registered_at=START + timedelta(minutes=2))
    last = await place(bureau, registered_at=START + timedelta(minutes=3))

    body = await json_of(await desk.pull(day, 2))

    assert [r["entry_id"] for r in body["scheduled"]] == [
        ready.entry_id,
        untested.entry_id,
    ]
    assert [r["tests_ready"] for r in body["scheduled"]] == [True, True]
    assert body["skipped"] == [
        {
            "entry_id": lapsing.entry_id,
            "hospitalization_code": lapsing.code,
            "reason": "tests_lapse",
            "tests_valid_until": (day - timedelta(days=1)).isoformat(),
        }
    ]
    assert positions(bureau, [lapsing, last]) == [1, 2]
    sooner = await json_of(await desk.pull(day - timedelta(days=1), 1))
    assert [r["entry_id"] for r in sooner["scheduled"]] == [lapsing.entry_id]


async def test_a_retried_pull_with_its_key_returns_the_first_answer(desk, bureau):
    queue = await line_of(bureau, 5)
    tomorrow = bureau.today() + timedelta(days=1)

    first = await desk.pull(tomorrow, 2, key="pull-0001")
    body = await json_of(first)
    retry = await desk.pull(tomorrow, 2, key="pull-0001")

    assert await json_of(retry) == body
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert positions(bureau, queue) == [None, None, 1, 2, 3]
    assert len(await outbox_events(bureau, "queue.admission_scheduled")) == 2
    reused = await json_of(await desk.pull(tomorrow, 3, key="pull-0001"), 422)
    assert reused["error"]["code"] == "idempotency_key_reused"
    bad_key = await json_of(await desk.pull(tomorrow, 1, key="a key"), 422)
    assert "Idempotency-Key" in bad_key["error"]["fields"]
    fresh = await json_of(await desk.pull(tomorrow, 1, key="pull-0002"))
    assert [r["entry_id"] for r in fresh["scheduled"]] == [queue[2].entry_id]


async def test_a_pull_announces_the_milestones_it_moves_entries_across(desk, bureau):
    queue = await line_of(bureau, 13)
    await json_of(await desk.pull(bureau.today(), 3))

    events = await outbox_events(bureau, "queue.position_milestone")
    announced = {e["data"]["entry_id"]: e["data"]["position"] for e in events}
    # Before: positions 4..13; after: 1..10. Crossing 10, 3 or 1:
    expected = {queue[i].entry_id: i - 2 for i in (3, 4, 5, 10, 11, 12)}
    assert announced == expected
    assert all(e["data"]["queue_id"] == QUEUE for e in events)


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
    unauthenticated = await client.post("/v1/admissions/pull", json={})
    assert unauthenticated.status == 401
    assert await outbox_events(bureau, "queue.admission_scheduled") == []
