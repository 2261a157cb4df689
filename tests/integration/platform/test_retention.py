"""Published outbox records and handled-event ids are pruned after the
retention: an event's IIN or contact does not stay in the database."""

from __future__ import annotations

import contextlib
from datetime import timedelta

from pymongo.errors import OperationFailure

from shared.mongo_unit_of_work import PROCESSED_EVENTS
from shared.outbox import OUTBOX
from shared.runtime import close_platform, open_platform
from tests.integration.helpers import event_probe
from tests.integration.platform.helpers import cancelled, wait_until

ONE_SECOND_IN_DAYS = 1 / 86400


async def prune_expired(platform) -> None:
    """Run the TTL monitor's pass now where the server offers it
    (SecantusDB); real MongoDB's monitor runs every 60 s by itself."""
    with contextlib.suppress(OperationFailure):
        await platform.client.admin.command("secantusAdmin.pruneTtl")


async def test_published_records_and_handled_ids_go_after_the_retention(
    make_settings, amqp_url
):
    settings = make_settings(
        service_name="referral", message_retention_days=ONE_SECOND_IN_DAYS
    )
    platform = await open_platform(settings, {})
    try:
        async with event_probe(amqp_url, settings.kezek_namespace) as probe:
            await _publish_and_keep_one_pending(platform, probe)
    finally:
        await close_platform(platform)


async def _publish_and_keep_one_pending(platform, probe) -> None:
    platform.relay.start()
    published = cancelled("R-retention-published")

    async def emit_published(tx):
        tx.emit(published)

    await platform.uow.run(emit_published, handled_event_id="handled-once")

    async def sent() -> bool:
        record = await platform.db[OUTBOX].find_one({"_id": published.event_id})
        return bool(record and record["published_at"])

    assert (await probe.next(timeout=10))["event_id"] == published.event_id
    await wait_until(sent, what="the outbox record marked published")
    await platform.relay.stop()
    pending = cancelled("R-retention-pending")

    async def emit_pending(tx):
        tx.emit(pending)

    await platform.uow.run(emit_pending)
    record = await platform.db[OUTBOX].find_one({"_id": published.event_id})
    assert record["expires_at"] - record["published_at"] == timedelta(seconds=1)

    async def pruned() -> bool:
        await prune_expired(platform)
        outbox = platform.db[OUTBOX]
        gone = await outbox.find_one({"_id": published.event_id}) is None
        handled = await platform.db[PROCESSED_EVENTS].find_one({"_id": "handled-once"})
        return gone and handled is None

    await wait_until(pruned, timeout=150, what="the published record pruned")
    still_pending = await platform.db[OUTBOX].find_one({"_id": pending.event_id})
    assert still_pending is not None and still_pending["published_at"] is None
    assert "expires_at" not in still_pending
