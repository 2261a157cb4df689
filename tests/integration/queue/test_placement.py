"""Placing registered referrals through the real broker: the consumer places
and the relay announces, and a message delivered again places once (the
inbox record on the real store). The placement rules themselves are unit
tests: tests/unit/queue/test_placement.py."""

from __future__ import annotations

import asyncio

from shared.runtime import PLATFORM
from tests.integration.helpers import event_probe
from tests.integration.queue.support import with_pace
from tests.queue_builders import START, registered


async def until(predicate, timeout=10.0):
    for _ in range(int(timeout / 0.05)):
        if predicate():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not reached in time")


async def test_a_published_referral_is_placed_and_announced(client, bureau, amqp_url):
    await with_pace(bureau)
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


async def test_duplicates_through_the_broker_place_one_entry(client, bureau):
    """The consumer handles one message at a time, in order: once the
    referral published after the duplicates is placed, all three copies were
    handled."""
    envelope = registered(registered_at=START)
    after = registered(registered_at=START)
    publisher = client.app[PLATFORM].publisher
    for _ in range(3):
        await publisher.publish(envelope)
    await publisher.publish(after)
    await until(lambda: bureau.book.get(after.data["hospitalization_code"]) is not None)
    assert bureau.book.get(envelope.data["hospitalization_code"]) is not None
    referral_id = envelope.data["referral_id"]
    assert await bureau.db.queue_entries.count_documents({}) == 2
    assert (
        await bureau.db.queue_entries.count_documents({"referral_id": referral_id}) == 1
    )
    assert await bureau.db.processed_events.count_documents({}) == 2
