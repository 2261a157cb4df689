"""The consumer: duplicates have one effect, a redelivery after a crash is
skipped, malformed messages are dead-lettered with the reason and the consumer
goes on, and nothing is acknowledged unless its forward was routed."""

from __future__ import annotations

import asyncio
import json

import aio_pika
import pytest

from shared.contracts.envelope import to_document
from shared.messaging.dead_letters import list_dead_letters
from shared.runtime import start_consumer
from tests.integration.platform.consumer_helpers import (
    calls_at_least,
    has_effect,
    queue_depth,
    retrying_platform,
)
from tests.integration.platform.helpers import EffectRecorder, cancelled, wait_until


@pytest.fixture
async def platform(make_settings):
    async with retrying_platform(make_settings) as platform:
        yield platform


async def test_a_republished_event_has_its_effect_once(platform):
    recorder = EffectRecorder(platform)
    await start_consumer(platform, {"referral.cancelled": recorder.handle})
    event = cancelled("R-twice")
    await platform.publisher.publish(event)
    await platform.publisher.publish(event)
    await wait_until(lambda: calls_at_least(recorder, 2), what="both deliveries")
    assert recorder.calls == [event.event_id, event.event_id]
    assert await recorder.counts() == {"R-twice": 1}
    assert recorder.correlation_ids == [event.correlation_id] * 2


async def test_a_redelivery_after_a_crash_before_ack_has_its_effect_once(platform):
    """The handler commits, then the consumer's connection goes away before
    the ack; the broker redelivers to the next consumer, which skips it."""
    recorder = EffectRecorder(platform)
    committed = asyncio.Event()

    async def commit_then_hang(envelope):
        await recorder.handle(envelope)
        committed.set()
        await asyncio.Event().wait()

    await start_consumer(platform, {"referral.cancelled": commit_then_hang})
    crashed = platform.consumer
    event = cancelled("R-redelivered")
    await platform.publisher.publish(event)
    await asyncio.wait_for(committed.wait(), timeout=15)
    await asyncio.wait_for(crashed.close(), timeout=15)

    await start_consumer(platform, {"referral.cancelled": recorder.handle})
    await wait_until(lambda: calls_at_least(recorder, 2), what="the redelivery")
    assert recorder.calls == [event.event_id, event.event_id]
    assert await recorder.counts() == {"R-redelivered": 1}

    async def acked() -> bool:
        return await queue_depth(platform, platform.topology.queue) == 0

    await wait_until(acked, what="the redelivered message acknowledged")
    assert await queue_depth(platform, platform.topology.dead_letter_queue) == 0


@pytest.mark.parametrize(
    ("body", "routing_key", "reason"),
    [
        (b"this is not json", "referral.cancelled", "body is not JSON"),
        (None, "referral.teleported", "unknown event type 'referral.teleported'"),
        ({"reason_code": None}, "referral.cancelled", "bad referral.cancelled data"),
    ],
    ids=["not-json", "unknown-type", "bad-data"],
)
async def test_a_malformed_message_is_dead_lettered_and_the_consumer_goes_on(
    platform, body, routing_key, reason
):
    recorder = EffectRecorder(platform)
    await start_consumer(platform, {"referral.cancelled": recorder.handle})
    document = to_document(cancelled("R-bad"))
    if body is None:
        document["event_type"] = routing_key
        body = document
    if isinstance(body, dict):
        body = json.dumps({**document, "data": {**document["data"], **body}}).encode()
    connection = await aio_pika.connect(platform.settings.amqp_url)
    async with connection:
        channel = await connection.channel()
        exchange = await channel.get_exchange(platform.topology.exchange)
        await exchange.publish(
            aio_pika.Message(body, message_id="malformed-1"), routing_key=routing_key
        )
    after = cancelled("R-after")
    await platform.publisher.publish(after)
    await wait_until(lambda: has_effect(recorder, "R-after"), what="next message")
    (letter,) = await list_dead_letters(platform.settings.amqp_url, platform.topology)
    assert letter.message_id == "malformed-1"
    assert reason in letter.error
    assert recorder.calls == [after.event_id]
    assert platform.consumer.is_connected


async def test_a_message_is_not_acknowledged_unless_its_forward_was_routed(platform):
    """If the dead-letter queue is gone, the broker returns the forwarded copy;
    the original must then stay in the service's queue, not vanish."""
    await start_consumer(platform, {})
    connection = await aio_pika.connect(platform.settings.amqp_url)
    async with connection:
        channel = await connection.channel()
        await channel.queue_delete(platform.topology.dead_letter_queue)
        exchange = await channel.get_exchange(platform.topology.exchange)
        await exchange.publish(
            aio_pika.Message(b"not json", message_id="unroutable-1"),
            routing_key="referral.cancelled",
        )

    async def delivered() -> bool:
        return await queue_depth(platform, platform.topology.queue) == 0

    await wait_until(delivered, what="the message delivered to the consumer")
    await asyncio.sleep(0.5)  # time to forward and acknowledge, were it to
    await platform.consumer.close()

    async def back_in_the_queue() -> bool:
        return await queue_depth(platform, platform.topology.queue) == 1

    await wait_until(back_in_the_queue, what="the unforwarded message kept")
