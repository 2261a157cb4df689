"""Placing registered referrals in the waiting list's service layer (memory
unit of work): idempotently, in the order the Bureau promises (urgent first,
then first come, then arrival), and the doctor's cancellations. Through the
real broker: tests/integration/queue/test_placement.py."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.queue.waiting_list.adapters.collections import TOMBSTONES
from services.queue.waiting_list.service_layer.handlers import (
    cancel_referral,
    place_referral,
)
from shared.messaging import AlreadyProcessed
from tests.queue_builders import START, cancelled, delivered, registered
from tests.unit.queue.support import entries_of, logged, positions


async def test_a_placed_referral_is_in_the_book_and_the_log(queue):
    placed = await queue.place(registered_at=START)
    assert queue.book.get(placed.code).status == "waiting"
    [entry] = queue.entries().values()
    assert (entry["hospitalization_code"], entry["log_n"]) == (placed.code, 1)
    [record] = logged(queue)
    assert record["record"]["entry_id"] == entry["_id"] == placed.entry_id
    [event] = queue.outbox()
    assert event.event_type == "queue.entry_placed"
    assert event.data["position"] == 1


async def test_duplicate_delivery_places_one_entry(queue):
    envelope = delivered(registered(registered_at=START))
    await place_referral(envelope, queue.waiting_list)
    with pytest.raises(AlreadyProcessed):
        await place_referral(envelope, queue.waiting_list)
    again = delivered(
        registered(
            registered_at=START,
            referral_id=envelope.data["referral_id"],
            code=envelope.data["hospitalization_code"],
        )
    )
    await place_referral(again, queue.waiting_list)
    assert len(entries_of(queue, referral_id=envelope.data["referral_id"])) == 1
    assert len(queue.entries()) == 1
    assert len(queue.outbox("queue.entry_placed")) == 1
    assert len(queue.book.line("KZ-75-M01:psychiatry")) == 1


async def test_urgent_goes_ahead_fifo_within_a_class_ties_by_arrival(queue):
    planned_a = await queue.place(registered_at=START)
    planned_b = await queue.place(registered_at=START + timedelta(minutes=1))
    urgent_u = await queue.place(
        registered_at=START + timedelta(minutes=2), priority="urgent"
    )
    planned_tie = await queue.place(registered_at=START)
    urgent_v = await queue.place(
        registered_at=START + timedelta(minutes=3), priority="urgent"
    )
    late_but_earlier = await queue.place(registered_at=START - timedelta(hours=1))
    order = [urgent_u, urgent_v, late_but_earlier, planned_a, planned_tie, planned_b]
    assert positions(queue, order) == [1, 2, 3, 4, 5, 6]
    placed_events = queue.outbox("queue.entry_placed")
    assert [e.data["position"] for e in placed_events] == [1, 2, 1, 3, 2, 3]
    assert [e.data["queue_length"] for e in placed_events] == [1, 2, 3, 4, 5, 6]


async def test_queues_are_separate_per_hospital_and_profile(queue):
    psychiatry = await queue.place()
    narcology = await queue.place(queue=("KZ-75-M01", "narcology"))
    other_hospital = await queue.place(queue=("KZ-71-M01", "psychiatry"))
    assert positions(queue, [psychiatry, narcology, other_hospital]) == [1, 1, 1]
    assert set(queue.book.lines) == {
        "KZ-75-M01:psychiatry",
        "KZ-75-M01:narcology",
        "KZ-71-M01:psychiatry",
    }


async def test_the_doctors_cancellation_closes_the_entry_stale_ones_ignored(queue):
    placed = await queue.place()
    behind = await queue.place()
    await cancel_referral(
        delivered(cancelled(placed.referral_id, placed.code, version=1)),
        queue.waiting_list,
    )
    assert queue.book.get(placed.code).status == "waiting"
    await cancel_referral(
        delivered(cancelled(placed.referral_id, placed.code, version=2)),
        queue.waiting_list,
    )
    assert queue.book.get(placed.code).status == "cancelled"
    assert positions(queue, [behind]) == [1]
    [event] = queue.outbox("queue.entry_cancelled")
    assert event.data["actor"] == "doctor:KZ-75-P01:dr-7"
    assert event.data["reason_code"] == "patient_request"
    assert event.data["version"] == 2


async def test_a_cancellation_arriving_before_the_registration_wins(queue):
    envelope = delivered(registered(registered_at=START))
    data = envelope.data
    await cancel_referral(
        delivered(cancelled(data["referral_id"], data["hospitalization_code"])),
        queue.waiting_list,
    )
    await place_referral(envelope, queue.waiting_list)
    assert queue.book.get(data["hospitalization_code"]) is None
    assert queue.entries() == {}
    assert queue.store.collection(TOMBSTONES) == {data["referral_id"]: 2}
