"""The broker connection cut mid-stream: the consumer and the outbox relay's
publisher recover by themselves and every committed event is handled once."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

import pytest

from shared.runtime import close_platform, open_platform, start_consumer
from tests.integration.platform.helpers import (
    EffectRecorder,
    TcpProxy,
    cancelled,
    wait_until,
)

EVENTS = 40


@pytest.fixture
async def proxy(amqp_url):
    parts = urlsplit(amqp_url)
    proxy = TcpProxy(parts.hostname or "127.0.0.1", parts.port or 5672)
    await proxy.start()
    yield proxy
    await proxy.close()


async def test_a_cut_connection_loses_nothing(make_settings, amqp_url, proxy):
    settings = make_settings(
        service_name="queue",
        amqp_url=proxy.url_for(amqp_url, reconnect_interval="0.5"),
        publish_timeout_s=1.0,  # shorter than the cut: the relay must retry
    )
    platform = await open_platform(settings, {})
    try:
        recorder = EffectRecorder(platform)
        await start_consumer(platform, {"referral.cancelled": recorder.handle})
        platform.relay.start()
        connections_before = proxy.accepted
        referral_ids = [f"R-cut-{i}" for i in range(EVENTS)]
        producer = asyncio.create_task(_emit_one_by_one(platform, referral_ids))
        during_cut = await _cut_after_a_first_quarter(platform, proxy, recorder)
        await producer
        await wait_until(
            lambda: _handled_all(recorder, referral_ids),
            timeout=45,
            what="every event handled",
        )
        assert await recorder.counts() == dict.fromkeys(referral_ids, 1)
        assert during_cut, "no event was waiting in the outbox during the cut"
        assert proxy.accepted >= connections_before + 2, "nobody reconnected"
        await wait_until(lambda: _nothing_pending(platform), what="outbox drained")
        assert platform.publisher.is_connected and platform.consumer.is_connected
    finally:
        await close_platform(platform)


async def _emit_one_by_one(platform, referral_ids: list[str]) -> None:
    """One transaction per referral's cancellation, 50 ms apart."""
    for referral_id in referral_ids:
        event = cancelled(referral_id)

        async def work(tx, event=event):
            tx.emit(event)

        await platform.uow.run(work)
        await asyncio.sleep(0.05)


async def _cut_after_a_first_quarter(
    platform, proxy: TcpProxy, recorder: EffectRecorder
) -> list[str]:
    """Once a quarter of the events is handled, cuts the connection for
    2.5 s; returns the outbox ids waiting while both sides were cut off."""
    await wait_until(
        lambda: _handled_at_least(recorder, EVENTS // 4), what="a first quarter"
    )
    cut = asyncio.create_task(proxy.cut(refuse_for=2.5))
    await wait_until(
        lambda: _disconnected(platform), what="both see the connection drop"
    )
    during_cut = await _pending_ids(platform)
    await cut
    return during_cut


async def _handled_all(recorder: EffectRecorder, referral_ids: list[str]) -> bool:
    return set(await recorder.counts()) == set(referral_ids)


async def _handled_at_least(recorder: EffectRecorder, n: int) -> bool:
    return len(await recorder.counts()) >= n


async def _pending_ids(platform) -> list[str]:
    return [r["_id"] async for r in platform.db.outbox.find({"published_at": None})]


async def _nothing_pending(platform) -> bool:
    return await platform.relay.pending_count() == 0


async def _disconnected(platform) -> bool:
    return not platform.publisher.is_connected and not platform.consumer.is_connected
