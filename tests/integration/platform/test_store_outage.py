"""An event handled while the store is down is retried until the store is
back, however many attempts that takes: an outage is not poison, so it never
sends the event to the dead-letter queue."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from shared.embedded import SecantusServer
from shared.messaging.dead_letters import list_dead_letters
from shared.runtime import Platform, close_platform, open_platform, start_consumer
from tests.integration.helpers import crash
from tests.integration.platform.helpers import EffectRecorder, cancelled, wait_until


@pytest.fixture
async def platform(
    make_settings: Callable[..., Any], own_store: SecantusServer
) -> AsyncIterator[Platform]:
    settings = make_settings(
        service_name="queue",
        mongo_url=own_store.url,
        retry_delays_ms=(100,),
        max_attempts=2,
        store_timeout_s=1.0,
    )
    platform = await open_platform(settings, {})
    yield platform
    await close_platform(platform)


async def test_an_event_handled_during_a_store_outage_waits_for_the_store(
    platform: Platform, own_store: SecantusServer
):
    recorder = EffectRecorder(platform)
    await start_consumer(platform, {"referral.cancelled": recorder.handle})
    crash(own_store)
    event = cancelled("R-outage")
    await platform.publisher.publish(event)

    beyond_the_limit = platform.settings.max_attempts + 2

    async def attempted_beyond_the_limit() -> bool:
        return len(recorder.calls) >= beyond_the_limit

    await wait_until(attempted_beyond_the_limit, timeout=30, what="more attempts")
    own_store.start()

    async def handled() -> bool:
        return "R-outage" in await recorder.counts()

    await wait_until(handled, timeout=30, what="the event handled after the outage")
    assert await recorder.counts() == {"R-outage": 1}
    assert set(recorder.calls) == {event.event_id}
    letters = await list_dead_letters(platform.settings.amqp_url, platform.topology)
    assert letters == []
