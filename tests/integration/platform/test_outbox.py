"""The transactional outbox: an event goes out exactly when its change
commits, never when it aborts, and survives the relay being killed."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from shared.outbox import OUTBOX, OutboxRelay
from shared.runtime import close_platform, open_platform
from tests.integration.helpers import event_probe
from tests.integration.platform.helpers import cancelled, wait_until

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
async def platform(make_settings):
    platform = await open_platform(make_settings(service_name="referral"), {})
    yield platform
    await close_platform(platform)


async def test_an_event_goes_out_when_its_change_commits_and_not_before(
    platform, amqp_url
):
    platform.relay.start()
    event = cancelled("R-commit")
    async with event_probe(amqp_url, platform.settings.kezek_namespace) as probe:

        async def work(tx):
            await tx.db.referrals.insert_one({"_id": "R-commit"}, session=tx.session)
            tx.emit(event)
            platform.relay.wake()  # the relay sweeps while we are uncommitted
            with pytest.raises(TimeoutError):
                await probe.next(timeout=1.0)

        await platform.uow.run(work)
        got = await probe.next(timeout=10)
        assert got["event_id"] == event.event_id
        assert got["data"]["referral_id"] == "R-commit"
        assert await platform.db.referrals.find_one({"_id": "R-commit"}) is not None

        async def marked_sent() -> bool:
            record = await platform.db[OUTBOX].find_one({"_id": event.event_id})
            return record is not None and record["published_at"] is not None

        await wait_until(marked_sent, what="outbox record marked sent")
        assert await probe.drain(quiet_s=0.5) == []


async def test_an_aborted_transaction_publishes_nothing(platform, amqp_url):
    platform.relay.start()
    async with event_probe(amqp_url, platform.settings.kezek_namespace) as probe:
        doomed = cancelled("R-abort")

        async def work(tx):
            await tx.db.referrals.insert_one({"_id": "R-abort"}, session=tx.session)
            tx.emit(doomed)
            raise ValueError("the change is refused")

        with pytest.raises(ValueError):
            await platform.uow.run(work)
        assert await platform.relay.publish_pending() == 0
        assert await platform.db[OUTBOX].count_documents({}) == 0
        assert await platform.db.referrals.find_one({"_id": "R-abort"}) is None

        kept = cancelled("R-kept")

        async def next_work(tx):
            tx.emit(kept)

        await platform.uow.run(next_work)
        seen = [await probe.next(timeout=10)] + await probe.drain(quiet_s=1.0)
        assert [e["event_id"] for e in seen] == [kept.event_id]


async def test_the_relay_is_woken_by_a_commit_not_by_its_sweep(make_settings, amqp_url):
    platform = await open_platform(
        make_settings(service_name="referral", outbox_sweep_s=120.0), {}
    )
    try:
        platform.relay.start()
        await asyncio.sleep(0.2)  # the relay is now waiting for its 120 s sweep
        async with event_probe(amqp_url, platform.settings.kezek_namespace) as probe:
            event = cancelled()

            async def work(tx):
                tx.emit(event)

            await platform.uow.run(work)
            assert (await probe.next(timeout=10))["event_id"] == event.event_id
    finally:
        await close_platform(platform)


async def test_events_of_one_transaction_go_out_in_the_order_written(
    platform, amqp_url
):
    events = [cancelled(f"R-order-{i}") for i in range(5)]
    async with event_probe(amqp_url, platform.settings.kezek_namespace) as probe:

        async def work(tx):
            for event in events:
                tx.emit(event)

        await platform.uow.run(work)
        assert await platform.relay.publish_pending() == 5
        seen = [await probe.next(timeout=5) for _ in events]
        assert [e["event_id"] for e in seen] == [e.event_id for e in events]


async def test_two_relays_over_one_outbox_publish_each_event_once(platform, amqp_url):
    other_replica = OutboxRelay(platform.db, platform.publisher)
    events = [cancelled() for _ in range(20)]
    async with event_probe(amqp_url, platform.settings.kezek_namespace) as probe:

        async def work(tx):
            for event in events:
                tx.emit(event)

        await platform.uow.run(work)
        counts = await asyncio.gather(
            platform.relay.publish_pending(), other_replica.publish_pending()
        )
        assert sum(counts) == len(events)
        seen = [e["event_id"] for e in await probe.drain(quiet_s=1.0)]
        assert sorted(seen) == sorted(e.event_id for e in events)
        assert await platform.relay.pending_count() == 0


async def test_a_relay_killed_between_commit_and_publish_loses_nothing(
    make_settings, amqp_url
):
    """A child process commits a change and its event, says so, and is killed
    with SIGKILL before its relay published anything. A new relay over the
    same database publishes the event."""
    settings = make_settings(service_name="referral")
    async with event_probe(amqp_url, settings.kezek_namespace) as probe:
        event_id = await _commit_in_a_child_killed_before_publishing(settings)
        assert await probe.drain(quiet_s=1.0) == []

        platform = await open_platform(settings, {})
        try:
            assert await platform.db.referrals.find_one({"_id": "R-crash"}) is not None
            assert await platform.relay.pending_count() == 1
            platform.relay.start()
            got = await probe.next(timeout=10)
            assert got["event_id"] == event_id
            await wait_until(
                lambda: _none_pending(platform), what="outbox record marked sent"
            )
            assert await probe.drain(quiet_s=0.5) == []
        finally:
            await close_platform(platform)


async def _none_pending(platform) -> bool:
    return await platform.relay.pending_count() == 0


def _writer_env(settings) -> dict[str, str]:
    return {
        **os.environ,
        "MONGO_URL": settings.mongo_url,
        "MONGO_DB": settings.database_name,
        "AMQP_URL": settings.amqp_url,
        "KEZEK_NAMESPACE": settings.kezek_namespace,
        "SERVICE_NAME": "referral",
    }


async def _commit_in_a_child_killed_before_publishing(settings) -> str:
    """Runs the crashing writer until it says COMMITTED, kills it with
    SIGKILL and returns the id of the event it committed."""
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.integration.platform.crashing_writer",
        cwd=ROOT,
        env=_writer_env(settings),
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert child.stdout is not None
        line = (await asyncio.wait_for(child.stdout.readline(), 60)).decode()
    finally:
        child.send_signal(signal.SIGKILL)
        await asyncio.wait_for(child.wait(), 10)
    assert child.returncode == -signal.SIGKILL
    marker, event_id = line.split()
    assert marker == "COMMITTED"
    return event_id
