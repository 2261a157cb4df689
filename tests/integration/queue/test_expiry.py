"""The expiry job: one reminder 7 days before a referral lapses, expiry after
it lapsed, reinstatement with the original place within 30 days."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.queue.waiting_list.domain import commands
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.status import InvalidTransition
from services.queue.waiting_list.service_layer.expiry import ExpiryReport, run_expiry
from tests.integration.queue.support import handle, outbox_events, place, positions


async def test_reminder_once_then_expiry_then_reinstatement(bureau, clock, client):
    today = bureau.today()
    lapsing = await place(bureau, valid_until=today + timedelta(days=10))
    behind = await place(bureau, valid_until=today + timedelta(days=300))
    assert await run_expiry(bureau.waiting_list) == ExpiryReport(
        reminded=0, expired=0, forgotten=0
    )
    clock.advance(days=3)
    report = await run_expiry(bureau.waiting_list)
    assert (report.reminded, report.expired) == (1, 0)
    [reminder] = await outbox_events(bureau, "queue.expiry_approaching")
    assert reminder["data"]["entry_id"] == lapsing.entry_id
    assert reminder["data"]["valid_until"] == (today + timedelta(days=10)).isoformat()
    assert reminder["data"]["version"] == 1
    assert (await run_expiry(bureau.waiting_list)).reminded == 0
    clock.advance(days=8)
    report = await run_expiry(bureau.waiting_list)
    assert (report.reminded, report.expired) == (0, 1)
    [expired] = await outbox_events(bureau, "queue.entry_expired")
    assert expired["data"]["entry_id"] == lapsing.entry_id
    assert expired["data"]["actor"] == "system"
    assert positions(bureau, [lapsing, behind]) == [None, 1]
    answer = await (
        await client.post("/v1/queue/lookup", json=lapsing.lookup_body())
    ).json()
    assert answer["status"] == "expired" and answer["position"] is None
    assert (await run_expiry(bureau.waiting_list)).expired == 0
    clock.advance(days=20)
    await handle(
        commands.Reinstate(
            entry_id=lapsing.entry_id,
            actor=Actor("doctor", "d1"),
            valid_until=bureau.today() + timedelta(days=60),
        ),
        bureau,
    )
    assert positions(bureau, [lapsing, behind]) == [1, 2]
    assert (await run_expiry(bureau.waiting_list)).expired == 0


async def test_reinstatement_after_thirty_days_is_refused(bureau, clock):
    lapsing = await place(bureau, valid_until=bureau.today() + timedelta(days=1))
    clock.advance(days=2)
    assert (await run_expiry(bureau.waiting_list)).expired == 1
    clock.advance(days=31)
    with pytest.raises(InvalidTransition):
        await handle(
            commands.Reinstate(
                entry_id=lapsing.entry_id,
                actor=Actor("doctor", "d1"),
                valid_until=bureau.today() + timedelta(days=60),
            ),
            bureau,
        )


async def test_scheduled_entries_do_not_expire(bureau, clock):
    placed = await place(bureau, valid_until=bureau.today() + timedelta(days=1))
    on = bureau.today() + timedelta(days=5)
    await handle(
        commands.Schedule(
            entry_id=placed.entry_id, actor=Actor("hospital", "c"), on=on
        ),
        bureau,
    )
    clock.advance(days=3)
    assert (await run_expiry(bureau.waiting_list)).expired == 0
