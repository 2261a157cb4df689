"""The referring doctor's renewal on the waiting list (memory unit of work):
a waiting or scheduled entry's validity, and with it the expiry reminder,
moves later, never earlier; the entry keeps its place. A request the queue
has no entry of the facility for is refused; each request is carried out
once, and one older than what the entry saw of the referral is ignored."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.queue.waiting_list.domain import commands
from services.queue.waiting_list.service_layer.expiry import run_expiry
from shared.messaging import AlreadyProcessed
from tests.unit.queue.doctors import CLERK, REINSTATE, RENEW, ask, line, refusals
from tests.unit.queue.support import positions, today


async def test_a_renewal_moves_the_validity_and_its_reminder_later(queue, clock):
    start = today(queue)
    placed = await queue.place(valid_until=start + timedelta(days=10))
    behind = await queue.place()
    clock.advance(days=4)
    assert (await run_expiry(queue.waiting_list)).reminded == 1
    await ask(queue, placed, RENEW, days=36)
    [renewed] = queue.outbox("queue.entry_renewed")
    until = start + timedelta(days=40)
    assert (renewed.data["valid_until"], renewed.data["status"]) == (
        until.isoformat(),
        "waiting",
    )
    assert renewed.data["reason_code"] == "still_waiting"
    entry = queue.entries()[placed.entry_id]
    assert (entry["valid_until"], entry["expiry_reminded"]) == (
        until.isoformat(),
        False,
    )
    assert positions(queue, [placed, behind]) == [1, 2]
    clock.advance(days=10)
    assert await run_expiry(queue.waiting_list) == await run_expiry(queue.waiting_list)
    assert queue.outbox("queue.entry_expired") == []
    clock.advance(days=20)
    assert (await run_expiry(queue.waiting_list)).reminded == 1
    reminders = queue.outbox("queue.expiry_approaching")
    assert reminders[-1].data["valid_until"] == until.isoformat()
    clock.advance(days=7)
    assert (await run_expiry(queue.waiting_list)).expired == 1


async def test_a_renewal_never_shortens_and_only_while_in_the_queue(queue):
    waiting, scheduled, expired = await line(queue, 3)
    on = today(queue) + timedelta(days=1)
    await queue.handle(
        commands.Schedule(entry_id=scheduled.entry_id, actor=CLERK, on=on)
    )
    await queue.handle(commands.Expire(entry_id=expired.entry_id))
    current = queue.entries()[waiting.entry_id]["valid_until"]
    await ask(queue, waiting, RENEW, days=-1)
    await ask(queue, expired, RENEW)
    await ask(queue, scheduled, RENEW, days=100)
    assert refusals(queue) == [
        ("validity_not_later", "waiting"),
        ("not_active", "expired"),
    ]
    assert queue.entries()[waiting.entry_id]["valid_until"] == current
    [renewed] = queue.outbox("queue.entry_renewed")
    assert (renewed.data["entry_id"], renewed.data["status"]) == (
        scheduled.entry_id,
        "scheduled",
    )
    assert queue.entries()[scheduled.entry_id]["scheduled_date"] == on.isoformat()


async def test_a_request_about_no_entry_of_the_facility_is_refused(queue):
    placed = await queue.place()
    await queue.handle(commands.Expire(entry_id=placed.entry_id))
    await ask(queue, placed, REINSTATE, facility="KZ-71-P01")
    [refused] = queue.outbox("queue.request_refused")
    assert (refused.data["reason_code"], refused.data["entry_id"]) == (
        "not_in_queue",
        None,
    )
    assert (refused.data["request"], refused.data["referral_version"]) == (
        REINSTATE,
        2,
    )
    assert queue.entries()[placed.entry_id]["status"] == "expired"


async def test_a_request_is_carried_out_once_and_an_older_one_is_ignored(queue):
    placed = await queue.place()
    await queue.handle(commands.Expire(entry_id=placed.entry_id))
    request = await ask(queue, placed, REINSTATE, version=4)
    with pytest.raises(AlreadyProcessed):
        await queue.bus.handle_event(request)
    await ask(queue, placed, RENEW, version=3)
    assert len(queue.outbox("queue.entry_reinstated")) == 1
    assert queue.outbox("queue.entry_renewed") == refusals(queue) == []
    assert queue.entries()[placed.entry_id]["referral_version"] == 4
