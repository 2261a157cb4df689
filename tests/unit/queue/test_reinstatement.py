"""The referring doctor's reinstatement on the waiting list (memory unit of
work): an expired entry, or one closed by the patient's own cancellation or
by an emergency admission elsewhere, comes back at its original place (ahead
of everyone registered after it) with a new validity, within REINSTATE_DAYS.
Any other closure is refused with a documented reason in a
``queue.request_refused`` event, and nothing of the entry changes. Through
the real broker and the referral service:
tests/integration/test_doctors_requests.py."""

from __future__ import annotations

from datetime import timedelta

from services.queue.hospital.domain.commands import (
    Admit,
    RecordNoShow,
    RegisterEmergency,
    Reject,
)
from services.queue.patients.domain.commands import CancelByPatient
from services.queue.waiting_list.domain import commands
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.service_layer.handlers import cancel_referral
from tests.queue_builders import ELSEWHERE, START, Placed, cancelled, delivered
from tests.unit.queue.doctors import CLERK, REINSTATE, ask, line, refusals, unchanged
from tests.unit.queue.memory_queue import MemoryQueue
from tests.unit.queue.support import positions, today


async def test_an_expired_entry_comes_back_ahead_of_those_registered_after_it(
    queue, clock
):
    first, second, third = await line(queue, 3)
    await queue.handle(commands.Expire(entry_id=first.entry_id))
    assert positions(queue, [first, second, third]) == [None, 1, 2]
    clock.advance(days=10)
    later = await queue.place()
    await ask(queue, first, REINSTATE)
    assert positions(queue, [first, second, third, later]) == [1, 2, 3, 4]
    [event] = queue.outbox("queue.entry_reinstated")
    new_validity = (today(queue) + timedelta(days=60)).isoformat()
    assert (event.data["valid_until"], event.data["reason_code"]) == (
        new_validity,
        "missed_reminders",
    )
    assert (event.data["actor"], event.data["status"]) == ("doctor:dr-aliya", "waiting")
    entry = queue.entries()[first.entry_id]
    assert (entry["valid_until"], entry["referral_version"]) == (new_validity, 2)
    assert entry["reinstatable_until"] is None and entry["closed_at"] is None
    [record] = queue.log_records(event_type="queue.entry_reinstated")
    assert record["reason_code"] == "missed_reminders"


async def test_the_patients_own_cancellation_can_be_undone_at_its_place(queue):
    first, second = await line(queue, 2)
    await queue.handle(
        CancelByPatient(code=first.code, iin=first.iin, reason_code="moved")
    )
    [closed] = queue.outbox("queue.entry_cancelled")
    window = (today(queue) + timedelta(days=30)).isoformat()
    assert closed.data["reinstatable_until"] == window
    later = await queue.place(registered_at=START + timedelta(hours=1))
    await ask(queue, first, REINSTATE)
    assert positions(queue, [first, second, later]) == [1, 2, 3]
    assert refusals(queue) == []


async def test_a_closing_by_an_emergency_elsewhere_can_be_undone(queue):
    first, second = await line(queue, 2)
    emergency = RegisterEmergency(
        facility_id=ELSEWHERE,
        bed_profile="psychiatry",
        iin=first.iin,
        diagnosis="F20.0",
        actor=Actor("hospital", f"{ELSEWHERE}:clerk-9"),
    )
    await queue.handle(emergency)
    [closed] = queue.outbox("queue.entry_cancelled")
    assert closed.data["reason_code"] == "admitted_elsewhere"
    assert closed.data["reinstatable_until"] is not None
    assert positions(queue, [first, second]) == [None, 1]
    assert queue.entries()[first.entry_id]["admitting_facility_id"] == ELSEWHERE
    await ask(queue, first, REINSTATE)
    assert positions(queue, [first, second]) == [1, 2]
    assert queue.entries()[first.entry_id]["admitting_facility_id"] is None
    assert queue.book.get(first.code).admitting_facility_id is None


async def closed_by_everyone_else(queue: MemoryQueue) -> list[Placed]:
    """Entries closed by the doctor, the hospital, a second no-show, an
    admission; and one still waiting."""
    withdrawn, rejected, missing, admitted, waiting = await line(queue, 5)
    await cancel_referral(
        delivered(cancelled(withdrawn.referral_id, withdrawn.code)),
        queue.waiting_list,
    )
    reject = Reject(entry_id=rejected.entry_id, actor=CLERK, reason_code="duplicate")
    await queue.handle(reject)
    on = today(queue)
    for _ in range(2):
        await queue.handle(
            commands.Schedule(entry_id=missing.entry_id, actor=CLERK, on=on)
        )
        await queue.handle(RecordNoShow(entry_id=missing.entry_id, actor=CLERK))
    await queue.handle(
        commands.Schedule(entry_id=admitted.entry_id, actor=CLERK, on=on)
    )
    await queue.handle(Admit(entry_id=admitted.entry_id, actor=CLERK))
    return [withdrawn, rejected, missing, admitted, waiting]


async def test_closures_that_are_somebodys_decision_cannot_be_undone(queue):
    closed = await closed_by_everyone_else(queue)
    versions = [queue.entries()[p.entry_id]["version"] for p in closed]
    logged = len(queue.log_records())
    for placed in closed:
        await ask(queue, placed, REINSTATE, version=3)
    assert refusals(queue) == [
        ("not_reinstatable", "cancelled"),
        ("not_reinstatable", "rejected"),
        ("not_reinstatable", "cancelled"),
        ("not_reinstatable", "admitted"),
        ("not_reinstatable", "waiting"),
    ]
    for placed, version in zip(closed, versions, strict=True):
        assert unchanged(queue, placed, version, logged)
    assert queue.outbox("queue.entry_reinstated") == []


async def test_after_the_window_or_to_a_past_date_the_reinstatement_is_refused(
    queue, clock
):
    expired, cancelled_by_patient = await line(queue, 2)
    await queue.handle(commands.Expire(entry_id=expired.entry_id))
    await queue.handle(
        CancelByPatient(
            code=cancelled_by_patient.code,
            iin=cancelled_by_patient.iin,
            reason_code="no_longer_needed",
        )
    )
    await ask(queue, expired, REINSTATE, days=0)
    clock.advance(days=31)
    await ask(queue, cancelled_by_patient, REINSTATE)
    assert refusals(queue) == [
        ("validity_in_past", "expired"),
        ("reinstatement_window_passed", "cancelled"),
    ]
    assert queue.entries()[expired.entry_id]["status"] == "expired"
    assert queue.entries()[cancelled_by_patient.entry_id]["status"] == "cancelled"
