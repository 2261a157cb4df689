"""Dead letters: a failing handler retries with growing delays, then its
message is dead-lettered without blocking others; ``kezek dlq`` lists the
letters without consuming them and replays all of them or one by id."""

from __future__ import annotations

import itertools
import time

import pytest

from shared.messaging.dead_letters import list_dead_letters
from shared.runtime import start_consumer
from tests.integration.platform.consumer_helpers import (
    has_effect,
    kezek,
    queue_depth,
    retrying_platform,
)
from tests.integration.platform.helpers import EffectRecorder, cancelled, wait_until


@pytest.fixture
async def platform(make_settings):
    async with retrying_platform(make_settings) as platform:
        yield platform


class HealingHandler:
    """Fails the poison referral's messages until healed; records when each
    failed attempt and each handled message happened."""

    def __init__(self, recorder: EffectRecorder) -> None:
        self.recorder = recorder
        self.attempts: list[float] = []
        self.handled_at: list[float] = []
        self.healed = False

    async def __call__(self, envelope) -> None:
        if envelope.data["actor"] == "doctor:poison" and not self.healed:
            self.attempts.append(time.monotonic())
            raise RuntimeError("cannot place this referral")
        await self.recorder.handle(envelope)
        self.handled_at.append(time.monotonic())


async def assert_the_letter_tells_what_failed(platform, poison) -> None:
    (letter,) = await list_dead_letters(platform.settings.amqp_url, platform.topology)
    assert letter.message_id == poison.event_id
    assert letter.event_type == "referral.cancelled"
    assert letter.attempts == platform.settings.max_attempts
    assert "RuntimeError: cannot place this referral" in letter.error


async def assert_listing_shows_it_without_consuming(platform, poison) -> None:
    listing = await kezek(platform, "dlq", "list")
    max_attempts = platform.settings.max_attempts
    assert poison.event_id in listing and f"attempts={max_attempts}" in listing
    assert "1 dead letter(s)" in listing
    again = await kezek(platform, "dlq", "list")
    assert "1 dead letter(s)" in again, "listing must not consume"


async def test_a_failing_handler_retries_with_growing_delays_then_dead_letters(
    platform,
):
    recorder = EffectRecorder(platform)
    handler = HealingHandler(recorder)
    await start_consumer(platform, {"referral.cancelled": handler})
    poison = cancelled("R-poison", actor="doctor:poison")
    good = [cancelled(f"R-good-{i}") for i in range(5)]
    for event in (poison, *good):
        await platform.publisher.publish(event)

    async def dead_lettered() -> bool:
        dlq = platform.topology.dead_letter_queue
        return await queue_depth(platform, dlq) == 1

    await wait_until(dead_lettered, what="the poison message dead-lettered")
    attempts = handler.attempts
    assert len(attempts) == platform.settings.max_attempts
    gaps = [later - earlier for earlier, later in itertools.pairwise(attempts)]
    assert gaps == sorted(gaps), f"delays do not grow: {gaps}"
    assert len(handler.handled_at) == len(good)
    assert min(handler.handled_at) < attempts[-1], "good messages waited for the poison"
    assert await recorder.counts() == {f"R-good-{i}": 1 for i in range(5)}
    await assert_the_letter_tells_what_failed(platform, poison)
    await assert_listing_shows_it_without_consuming(platform, poison)

    handler.healed = True
    assert "replayed 1 message(s)" in await kezek(platform, "dlq", "replay")
    await wait_until(
        lambda: has_effect(recorder, "R-poison"), what="the replayed message handled"
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
