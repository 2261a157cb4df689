"""The expiry job as the app runs it, on the real store: it reminds a patient
once before the referral lapses, then expires the entry, and the patient's
lookup says so. (Each rule of the job's pass: tests/unit/queue/
test_expiry_job.py.)"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

from services.queue.bootstrap import init_app
from tests.integration.queue.support import Replica, outbox_events, place


async def until_announced(bureau, event_type, entry_id, timeout=10.0):
    for _ in range(int(timeout / 0.05)):
        if await outbox_events(bureau, event_type, entry_id=entry_id):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"the job never emitted {event_type} for {entry_id}")


async def test_the_apps_job_reminds_once_then_expires(
    aiohttp_client, queue_settings, clock
):
    often = replace(queue_settings, expiry_interval_s=0.1)
    client = await aiohttp_client(init_app(often, clock))
    bureau = Replica(client.app)
    start = bureau.today()
    lapsing = await place(bureau, valid_until=start + timedelta(days=10))
    clock.advance(days=3)
    await until_announced(bureau, "queue.expiry_approaching", lapsing.entry_id)
    # A reminder for an entry placed only now comes from a later pass, which
    # found the first entry still within the warning days.
    later = await place(bureau, valid_until=bureau.today() + timedelta(days=5))
    await until_announced(bureau, "queue.expiry_approaching", later.entry_id)
    reminders = await outbox_events(bureau, "queue.expiry_approaching")
    assert [r["data"]["entry_id"] for r in reminders] == [
        lapsing.entry_id,
        later.entry_id,
    ]
    clock.advance(days=8)
    await until_announced(bureau, "queue.entry_expired", lapsing.entry_id)
    [expired] = await outbox_events(
        bureau, "queue.entry_expired", entry_id=lapsing.entry_id
    )
    assert expired["data"]["actor"] == "system"
    answer = await (
        await client.post("/v1/queue/lookup", json=lapsing.lookup_body())
    ).json()
    assert answer["status"] == "expired" and answer["position"] is None
