"""The consumer: duplicates have one effect, failures retry with growing
delays then dead-letter without blocking others, malformed messages are
dead-lettered with the reason, and the DLQ can be listed and replayed."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import sys
import time
from pathlib import Path

import aio_pika
import pytest

from shared.contracts.envelope import to_document
from shared.messaging.dead_letters import list_dead_letters
from shared.runtime import close_platform, open_platform, start_consumer
from tests.integration.platform.helpers import EffectRecorder, cancelled, wait_until

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
async def platform(make_settings):
    settings = make_settings(service_name="queue", retry_delays_ms=(100, 400, 1200))
    platform = await open_platform(settings, {})
    yield platform
    await close_platform(platform)


async def queue_depth(platform, name: str) -> int:
    connection = await aio_pika.connect(platform.settings.amqp_url)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(name, passive=True)
        return int(queue.declaration_result.message_count or 0)


async def test_a_republished_event_has_its_effect_once(platform):
    recorder = EffectRecorder(platform)
    await start_consumer(platform, {"referral.cancelled": recorder.handle})
    event = cancelled("R-twice")
    await platform.publisher.publish(event)
    await platform.publisher.publish(event)
    await wait_until(lambda: _calls_at_least(recorder, 2), what="both deliveries")
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
    await wait_until(lambda: _calls_at_least(recorder, 2), what="the redelivery")
    assert recorder.calls == [event.event_id, event.event_id]
    assert await recorder.counts() == {"R-redelivered": 1}

    async def acked() -> bool:
        return await queue_depth(platform, platform.topology.queue) == 0

    await wait_until(acked, what="the redelivered message acknowledged")
    assert await queue_depth(platform, platform.topology.dead_letter_queue) == 0


async def test_a_failing_handler_retries_with_growing_delays_then_dead_letters(
    platform,
):
    recorder = EffectRecorder(platform)
    attempts: list[float] = []
    handled_at: list[float] = []
    healed = False

    async def handler(envelope):
        if envelope.data["actor"] == "doctor:poison" and not healed:
            attempts.append(time.monotonic())
            raise RuntimeError("cannot place this referral")
        await recorder.handle(envelope)
        handled_at.append(time.monotonic())

    await start_consumer(platform, {"referral.cancelled": handler})
    poison = cancelled("R-poison", actor="doctor:poison")
    good = [cancelled(f"R-good-{i}") for i in range(5)]
    await platform.publisher.publish(poison)
    for event in good:
        await platform.publisher.publish(event)

    async def dead_lettered() -> bool:
        dlq = platform.topology.dead_letter_queue
        return await queue_depth(platform, dlq) == 1

    await wait_until(dead_lettered, what="the poison message dead-lettered")
    max_attempts = platform.settings.max_attempts
    assert len(attempts) == max_attempts
    gaps = [later - earlier for earlier, later in itertools.pairwise(attempts)]
    assert gaps == sorted(gaps), f"delays do not grow: {gaps}"
    assert len(handled_at) == len(good)
    assert min(handled_at) < attempts[-1], "good messages waited for the poison"
    assert await recorder.counts() == {f"R-good-{i}": 1 for i in range(5)}

    (letter,) = await list_dead_letters(platform.settings.amqp_url, platform.topology)
    assert letter.message_id == poison.event_id
    assert letter.event_type == "referral.cancelled"
    assert letter.attempts == max_attempts
    assert "RuntimeError: cannot place this referral" in letter.error

    listing = await kezek(platform, "dlq", "list")
    assert poison.event_id in listing and f"attempts={max_attempts}" in listing
    assert "1 dead letter(s)" in listing
    again = await kezek(platform, "dlq", "list")
    assert "1 dead letter(s)" in again, "listing must not consume"

    healed = True
    assert "replayed 1 message(s)" in await kezek(platform, "dlq", "replay")
    await wait_until(
        lambda: _has_effect(recorder, "R-poison"), what="the replayed message handled"
    )
    assert "0 dead letter(s)" in await kezek(platform, "dlq", "list")
    assert (await recorder.counts())["R-poison"] == 1


async def test_replay_of_one_message_id_leaves_the_others(platform):
    async def always_fails(envelope):
        raise RuntimeError("down")

    await start_consumer(platform, {"referral.cancelled": always_fails})
    first, second = cancelled("R-a"), cancelled("R-b")
    await platform.publisher.publish(first)
    await platform.publisher.publish(second)

    async def both_dead() -> bool:
        dlq = platform.topology.dead_letter_queue
        return await queue_depth(platform, dlq) == 2

    await wait_until(both_dead, what="both dead-lettered")
    await platform.consumer.close()
    output = await kezek(platform, "dlq", "replay", "--id", second.event_id)
    assert "replayed 1 message(s)" in output
    letters = await list_dead_letters(platform.settings.amqp_url, platform.topology)
    assert [letter.message_id for letter in letters] == [first.event_id]
    assert await queue_depth(platform, platform.topology.queue) == 1


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
    await wait_until(lambda: _has_effect(recorder, "R-after"), what="next message")
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


async def kezek(platform, *args: str) -> str:
    """Run the ``kezek`` command line as a user would."""
    env = {
        **os.environ,
        "AMQP_URL": platform.settings.amqp_url,
        "KEZEK_NAMESPACE": platform.settings.kezek_namespace,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "shared.cli.main",
        *args,
        "--service",
        "queue",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
    )
    stdout, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0
    return stdout.decode()


async def _calls_at_least(recorder: EffectRecorder, n: int) -> bool:
    return len(recorder.calls) >= n


async def _has_effect(recorder: EffectRecorder, referral_id: str) -> bool:
    return referral_id in await recorder.counts()
