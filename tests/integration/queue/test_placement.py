"""Placing registered referrals: through the real broker, idempotently, in
the order the Bureau promises (urgent first, then first come, then arrival)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from services.queue.waiting_list.service_layer.handlers import (
    cancel_referral,
    place_referral,
)
from shared.messaging import AlreadyProcessed
from shared.runtime import PLATFORM
from tests.integration.helpers import event_probe
from tests.integration.queue.support import (
    START,
    cancelled,
    delivered,
    outbox_events,
    place,
    positions,
    registered,
)


async def until(predicate, timeout=10.0):
    for _ in range(int(timeout / 0.05)):
        if predicate():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not reached in time")


async def test_a_published_referral_is_placed_and_announced(client, bureau, amqp_url):
    envelope = registered(registered_at=START)
    code = envelope.data["hospitalization_code"]
    namespace = bureau.settings.kezek_namespace
    async with event_probe(amqp_url, namespace, "queue.*") as probe:
        await client.app[PLATFORM].publisher.publish(envelope)
        placed = await probe.wait_for("queue.entry_placed", hospitalization_code=code)
    assert placed["data"]["position"] == 1
    assert placed["data"]["queue_id"] == "KZ-75-M01:psychiatry"
    assert placed["data"]["estimated_admission"]["earliest"] >= START.date().isoformat()
    assert "iin" not in placed["data"]
    await until(lambda: bureau.book.get(code) is not None)


async def test_duplicate_delivery_places_one_entry(bureau):
    envelope = delivered(registered(registered_at=START))
    await place_referral(envelope, bureau.waiting_list)
    with pytest.raises(AlreadyProcessed):
        await place_referral(envelope, bureau.waiting_list)
    again = delivered(
        registered(
            registered_at=START,
            referral_id=envelope.data["referral_id"],
            code=envelope.data["hospitalization_code"],
        )
    )
    await place_referral(again, bureau.waiting_list)
    count = await bureau.db.queue_entries.count_documents(
        {"referral_id": envelope.data["referral_id"]}
    )
    assert count == 1
    assert len(await outbox_events(bureau, "queue.entry_placed")) == 1
    assert len(bureau.book.line("KZ-75-M01:psychiatry")) == 1


async def test_duplicates_through_the_broker_place_one_entry(client, bureau):
    envelope = registered(registered_at=START)
    publisher = client.app[PLATFORM].publisher
    for _ in range(3):
        await publisher.publish(envelope)
    code = envelope.data["hospitalization_code"]
    await until(lambda: bureau.book.get(code) is not None)
    await asyncio.sleep(0.5)
    assert await bureau.db.queue_entries.count_documents({}) == 1
    assert await bureau.db.processed_events.count_documents({}) == 1


async def test_urgent_goes_ahead_fifo_within_a_class_ties_by_arrival(bureau):
    planned_a = await place(bureau, registered_at=START)
    planned_b = await place(bureau, registered_at=START + timedelta(minutes=1))
    urgent_u = await place(
        bureau, registered_at=START + timedelta(minutes=2), priority="urgent"
    )
    planned_tie = await place(bureau, registered_at=START)
    urgent_v = await place(
        bureau, registered_at=START + timedelta(minutes=3), priority="urgent"
    )
    late_but_earlier = await place(bureau, registered_at=START - timedelta(hours=1))
    order = [urgent_u, urgent_v, late_but_earlier, planned_a, planned_tie, planned_b]
    assert positions(bureau, order) == [1, 2, 3, 4, 5, 6]
    placed_events = await outbox_events(bureau, "queue.entry_placed")
    assert [e["data"]["position"] for e in placed_events] == [1, 2, 1, 3, 2, 3]
    assert [e["data"]["queue_length"] for e in placed_events] == [1, 2, 3, 4, 5, 6]


async def test_queues_are_separate_per_hospital_and_profile(bureau):
    psychiatry = await place(bureau)
    narcology = await place(bureau, queue=("KZ-75-M01", "narcology"))
    other_hospital = await place(bureau, queue=("KZ-71-M01", "psychiatry"))
    assert positions(bureau, [psychiatry, narcology, other_hospital]) == [1, 1, 1]
    assert set(bureau.book.lines) == {
        "KZ-75-M01:psychiatry",
        "KZ-75-M01:narcology",
        "KZ-71-M01:psychiatry",
    }


async def test_the_doctors_cancellation_closes_the_entry_stale_ones_ignored(bureau):
    placed = await place(bureau)
    behind = await place(bureau)
    await cancel_referral(
        delivered(cancelled(placed.referral_id, placed.code, version=1)),
        bureau.waiting_list,
    )
    assert bureau.book.get(placed.code).status == "waiting"
    await cancel_referral(
        delivered(cancelled(placed.referral_id, placed.code, version=2)),
        bureau.waiting_list,
    )
    assert bureau.book.get(placed.code).status == "cancelled"
    assert positions(bureau, [behind]) == [1]
    [event] = await outbox_events(bureau, "queue.entry_cancelled")
    assert event["data"]["actor"] == "doctor:KZ-75-P01:dr-7"
    assert event["data"]["reason_code"] == "patient_request"
    assert event["data"]["version"] == 2


async def test_a_cancellation_arriving_before_the_registration_wins(bureau):
    envelope = delivered(registered(registered_at=START))
    data = envelope.data
    await cancel_referral(
        delivered(cancelled(data["referral_id"], data["hospitalization_code"])),
        bureau.waiting_list,
    )
    await place_referral(envelope, bureau.waiting_list)
    assert bureau.book.get(data["hospitalization_code"]) is None
    assert await bureau.db.queue_entries.count_documents({}) == 0
