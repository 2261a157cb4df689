"""A pull schedules the next waiting entries for a day in queue order, up to
the free beds (beyond them only with an override, which is logged), skips
(and reports) entries whose tests lapse, logs who did it, moves the
followers, and answers a retried key with its first answer."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.queue.hospital.domain.admissions import UnbookableDate
from services.queue.hospital.service_layer.hospital_queues import QueueNotFound
from shared.idempotency import IdempotencyKeyReused
from tests.queue_builders import QUEUE, START
from tests.unit.queue.hospital.desk import line_of, lookup, positions, today

SCHEDULED = "queue.admission_scheduled"


async def test_a_pull_takes_the_head_in_order_and_the_followers_move_up(q, desk):
    planned = await line_of(q, 5)
    urgent = await q.place(priority="urgent")
    tomorrow = today(q) + timedelta(days=1)

    body = await desk.pull(tomorrow, 3)

    taken = [row["entry_id"] for row in body["scheduled"]]
    assert taken == [urgent.entry_id, planned[0].entry_id, planned[1].entry_id]
    assert body["skipped"] == [] and body["limited_by_free_beds"] is False
    assert body["free_beds"] == {"before": 6, "after": 3}
    assert positions(q, planned[2:]) == [1, 2, 3]
    assert lookup(q, planned[4])["position"] == 3


async def test_a_pull_is_announced_and_logged_with_the_clerk(q, desk):
    await line_of(q, 5)
    tomorrow = today(q) + timedelta(days=1)

    body = await desk.pull(tomorrow, 3)

    taken = [row["entry_id"] for row in body["scheduled"]]
    for entry_id in taken:
        [event] = q.outbox(SCHEDULED, entry_id=entry_id)
        assert event.data["scheduled_date"] == tomorrow.isoformat()
        assert event.data["actor"] == str(desk.actor)
    records = q.log_records(event_type=SCHEDULED)
    assert [r["entry_id"] for r in records] == taken
    assert {(r["actor"], r["reason_code"]) for r in records} == {
        (str(desk.actor), None)
    }


async def test_never_more_than_the_free_beds(q, desk):
    queue = await line_of(q, 9)
    tomorrow = today(q) + timedelta(days=1)

    first = await desk.pull(tomorrow, 10)

    assert len(first["scheduled"]) == 6 and first["limited_by_free_beds"] is True
    assert first["free_beds"] == {"before": 6, "after": 0}
    again = await desk.pull(tomorrow, 2)
    assert again["scheduled"] == [] and again["free_beds"]["before"] == 0
    other_day = await desk.pull(tomorrow + timedelta(days=1), 1)
    assert [r["entry_id"] for r in other_day["scheduled"]] == [queue[6].entry_id]


async def test_beyond_the_free_beds_only_with_an_override_which_is_logged(q, desk):
    queue = await line_of(q, 9)
    tomorrow = today(q) + timedelta(days=1)
    await desk.pull(tomorrow, 6)
    await desk.pull(tomorrow + timedelta(days=1), 1)

    forced = await desk.pull(
        tomorrow, 1, override_reason_code="extra_bed", note="ward 3 reopened"
    )

    assert [r["entry_id"] for r in forced["scheduled"]] == [queue[7].entry_id]
    assert forced["scheduled"][0]["beyond_free_beds"] is True
    assert forced["override_reason_code"] == "extra_bed"
    [record] = q.log_records(entry_id=queue[7].entry_id, event_type=SCHEDULED)
    assert record["details"]["override_reason_code"] == "extra_bed"
    assert record["actor"] == str(desk.actor)
    assert "ward 3" not in str(record)
    [event] = q.outbox(SCHEDULED, entry_id=queue[7].entry_id)
    assert event.data["override_reason_code"] == "extra_bed"
    assert "ward 3" not in str(event)
    assert await desk.beds_on(tomorrow) == {
        "total": 6,
        "occupied": 0,
        "booked": 7,
        "free": 0,
        "booked_beyond_beds": 1,
    }
    assert positions(q, queue) == [None] * 8 + [1]


async def test_entries_whose_tests_lapse_before_the_day_are_skipped_and_reported(
    q, desk
):
    day = today(q) + timedelta(days=5)
    lapsing = await q.place(
        registered_at=START,
        tests=[{"code": "fluorography", "valid_until": day - timedelta(days=1)}],
    )
    ready = await q.place(
        registered_at=START + timedelta(minutes=1),
        tests=[{"code": "complete_blood_count", "valid_until": day}],
    )
    untested = await q.place(registered_at=START + timedelta(minutes=2))
    last = await q.place(registered_at=START + timedelta(minutes=3))

    body = await desk.pull(day, 2)

    taken = [r["entry_id"] for r in body["scheduled"]]
    assert taken == [ready.entry_id, untested.entry_id]
    assert [r["tests_ready"] for r in body["scheduled"]] == [True, True]
    assert body["skipped"] == [
        {
            "entry_id": lapsing.entry_id,
            "hospitalization_code": lapsing.code,
            "reason": "tests_lapse",
            "tests_valid_until": (day - timedelta(days=1)).isoformat(),
        }
    ]
    assert positions(q, [lapsing, last]) == [1, 2]
    sooner = await desk.pull(day - timedelta(days=1), 1)
    assert [r["entry_id"] for r in sooner["scheduled"]] == [lapsing.entry_id]


async def test_a_retried_pull_with_its_key_returns_the_first_answer(q, desk):
    queue = await line_of(q, 5)
    tomorrow = today(q) + timedelta(days=1)

    first = await desk.pulled(tomorrow, 2, idempotency_key="pull-0001")
    retry = await desk.pulled(tomorrow, 2, idempotency_key="pull-0001")

    assert (retry.status, retry.body) == (first.status, first.body)
    assert (first.replayed, retry.replayed) == (False, True)
    assert positions(q, queue) == [None, None, 1, 2, 3]
    assert len(q.outbox(SCHEDULED)) == 2
    with pytest.raises(IdempotencyKeyReused):
        await desk.pulled(tomorrow, 3, idempotency_key="pull-0001")
    fresh = await desk.pull(tomorrow, 1, idempotency_key="pull-0002")
    assert [r["entry_id"] for r in fresh["scheduled"]] == [queue[2].entry_id]


async def test_a_pull_announces_the_milestones_it_moves_entries_across(q, desk):
    queue = await line_of(q, 13)
    await desk.pull(today(q), 3)

    events = q.outbox("queue.position_milestone")
    announced = {e.data["entry_id"]: e.data["position"] for e in events}
    # Before: positions 4..13; after: 1..10. Crossing 10, 3 or 1:
    expected = {queue[i].entry_id: i - 2 for i in (3, 4, 5, 10, 11, 12)}
    assert announced == expected
    assert all(e.data["queue_id"] == QUEUE for e in events)


async def test_a_past_day_and_beds_the_hospital_lacks_are_refused(q, desk):
    queue = await line_of(q, 2)
    with pytest.raises(UnbookableDate):
        await desk.pull(today(q) - timedelta(days=1), 1)
    with pytest.raises(UnbookableDate):
        await desk.pull(today(q) + timedelta(days=367), 1)
    with pytest.raises(QueueNotFound):
        await desk.pull(today(q), 1, profile="cardiology")
    assert q.outbox(SCHEDULED) == []
    assert positions(q, queue) == [1, 2]
