"""The expiry job's pass on the service layer (memory unit of work): one
reminder 7 days before a referral lapses, expiry after it lapsed,
reinstatement with the original place within 30 days. (The job running in
the app on the real store: tests/integration/queue/test_expiry.py.)"""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.queue.patients.service_layer.views import patient_status, verify_patient
from services.queue.waiting_list.domain import commands
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.status import InvalidTransition
from services.queue.waiting_list.service_layer.expiry import ExpiryReport, run_expiry
from shared.http.languages import API_LANGUAGE
from tests.unit.queue.support import positions, today


def reinstated(placed, queue):
    return commands.Reinstate(
        entry_id=placed.entry_id,
        actor=Actor("doctor", "d1"),
        valid_until=today(queue) + timedelta(days=60),
    )


async def test_reminder_once_then_expiry_then_reinstatement(queue, clock):
    start = today(queue)
    lapsing = await queue.place(valid_until=start + timedelta(days=10))
    behind = await queue.place(valid_until=start + timedelta(days=300))
    assert await run_expiry(queue.waiting_list) == ExpiryReport(
        reminded=0, expired=0, forgotten=0
    )
    clock.advance(days=3)
    report = await run_expiry(queue.waiting_list)
    assert (report.reminded, report.expired) == (1, 0)
    [reminder] = queue.outbox("queue.expiry_approaching")
    assert reminder.data["entry_id"] == lapsing.entry_id
    assert reminder.data["valid_until"] == (start + timedelta(days=10)).isoformat()
    assert reminder.data["version"] == 1
    assert (await run_expiry(queue.waiting_list)).reminded == 0
    clock.advance(days=8)
    report = await run_expiry(queue.waiting_list)
    assert (report.reminded, report.expired) == (0, 1)
    [expired] = queue.outbox("queue.entry_expired")
    assert expired.data["entry_id"] == lapsing.entry_id
    assert expired.data["actor"] == "system"
    assert positions(queue, [lapsing, behind]) == [None, 1]
    entry = verify_patient(queue.patients, lapsing.code, lapsing.iin)
    answer = patient_status(queue.patients, entry, API_LANGUAGE)
    assert answer["status"] == "expired" and answer["position"] is None
    assert (await run_expiry(queue.waiting_list)).expired == 0
    clock.advance(days=20)
    await queue.handle(reinstated(lapsing, queue))
    assert positions(queue, [lapsing, behind]) == [1, 2]
    assert (await run_expiry(queue.waiting_list)).expired == 0


async def test_reinstatement_after_thirty_days_is_refused(queue, clock):
    lapsing = await queue.place(valid_until=today(queue) + timedelta(days=1))
    clock.advance(days=2)
    assert (await run_expiry(queue.waiting_list)).expired == 1
    clock.advance(days=31)
    with pytest.raises(InvalidTransition):
        await queue.handle(reinstated(lapsing, queue))


async def test_scheduled_entries_do_not_expire(queue, clock):
    placed = await queue.place(valid_until=today(queue) + timedelta(days=1))
    on = today(queue) + timedelta(days=5)
    await queue.handle(
        commands.Schedule(entry_id=placed.entry_id, actor=Actor("hospital", "c"), on=on)
    )
    clock.advance(days=3)
    assert (await run_expiry(queue.waiting_list)).expired == 0
