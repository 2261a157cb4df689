from __future__ import annotations

import asyncio

from shared.contracts import new_event
from shared.messaging import AlreadyProcessed
from shared.runtime import close_platform, open_platform, start_consumer
from tests.integration.helpers import event_probe


def cancelled(referral_id: str):
    return new_event(
        "referral.cancelled",
        {
            "referral_id": referral_id,
            "hospitalization_code": "X",
            "version": 2,
            "reason_code": "other",
            "actor": "doctor",
        },
        producer="test",
    )


async def test_committed_event_reaches_a_consumer_once(make_settings, amqp_url):
    settings = make_settings(service_name="queue")
    platform = await open_platform(settings, {})
    seen: list[str] = []

    async def on_cancelled(envelope):
        async def work(tx):
            seen.append(envelope.data["referral_id"])

        await platform.uow.run(work, handled_event_id=envelope.event_id)

    await start_consumer(platform, {"referral.cancelled": on_cancelled})
    platform.relay.start()
    try:
        async with event_probe(amqp_url, settings.kezek_namespace) as probe:
            event = cancelled("r1")

            async def work(tx):
                await tx.db.things.insert_one({"_id": "r1"}, session=tx.session)
                tx.emit(event)

            await platform.uow.run(work)
            got = await probe.wait_for("referral.cancelled")
            assert got["event_id"] == event.event_id
            await platform.publisher.publish(event)  # a duplicate
            for _ in range(50):
                if len(seen) >= 1:
                    break
                await asyncio.sleep(0.1)
            await asyncio.sleep(0.5)
            assert seen == ["r1"]
    finally:
        await close_platform(platform)


async def test_duplicate_is_detected(make_settings):
    settings = make_settings(service_name="queue")
    platform = await open_platform(settings, {})
    try:

        async def work(tx):
            return 1

        assert await platform.uow.run(work, handled_event_id="abcdefgh1") == 1
        try:
            await platform.uow.run(work, handled_event_id="abcdefgh1")
        except AlreadyProcessed:
            pass
        else:
            raise AssertionError("duplicate not detected")
    finally:
        await close_platform(platform)
