"""Every transition of the state machine through the service layer (memory
unit of work): the entry's new state and version, its event, its log record,
and the followers' positions; impossible transitions change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.queue.hospital.domain import commands as hospital_commands
from services.queue.waiting_list.domain import commands
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.status import InvalidTransition
from services.queue.waiting_list.service_layer.handlers import EntryNotFound
from tests.unit.queue.support import logged, positions, stored_queue, today

CLERK = Actor("hospital", "clerk-1")
QUEUE = "KZ-75-M01:psychiatry"
COMMON = {
    "entry_id",
    "referral_id",
    "hospitalization_code",
    "queue_id",
    "facility_id",
    "referring_facility_id",
    "version",
    "status",
    "actor",
    "reason_code",
}


def last_event(queue, event_type, entry_id):
    found = queue.outbox(event_type, entry_id=entry_id)
    assert found, f"no {event_type} for {entry_id}"
    return found[-1].data


async def scheduled(queue, placed, days=2):
    on = today(queue) + timedelta(days=days)
    await queue.handle(commands.Schedule(entry_id=placed.entry_id, actor=CLERK, on=on))
    return on


async def test_schedule_emits_its_event_logs_it_and_moves_the_followers(queue):
    first, second, third = [await queue.place() for _ in range(3)]
    on = today(queue) + timedelta(days=2)
    command = commands.Schedule(entry_id=first.entry_id, actor=CLERK, on=on, note="bed")
    entry = await queue.handle(command)
    assert (entry.status, entry.version, entry.scheduled_date) == ("scheduled", 2, on)
    data = last_event(queue, "queue.admission_scheduled", first.entry_id)
    assert set(data) >= COMMON
    assert data["scheduled_date"] == on.isoformat()
    assert (data["version"], data["status"], data["actor"], data["reason_code"]) == (
        2,
        "scheduled",
        "hospital:clerk-1",
        None,
    )
    assert "bed" not in data.values()
    assert [r["event_type"] for r in queue.log_records(entry_id=first.entry_id)] == [
        "queue.entry_placed",
        "queue.admission_scheduled",
    ]
    assert positions(queue, [first, second, third]) == [None, 1, 2]


async def test_admit_then_discharge(queue):
    placed = await queue.place()
    await scheduled(queue, placed)
    admitted = await queue.handle(
        hospital_commands.Admit(entry_id=placed.entry_id, actor=CLERK)
    )
    assert admitted.status == "admitted" and admitted.version == 3
    assert last_event(queue, "queue.patient_admitted", placed.entry_id)["version"] == 3
    line = queue.book.line(QUEUE)
    assert line.admitted == 1 and sum(line.admissions.values()) == 1
    discharged = await queue.handle(
        hospital_commands.Discharge(entry_id=placed.entry_id, actor=CLERK)
    )
    assert discharged.status == "discharged"
    data = last_event(queue, "queue.patient_discharged", placed.entry_id)
    assert data["version"] == 4
    assert line.admitted == 0 and sum(line.admissions.values()) == 1


async def test_no_show_returns_once_keeping_the_place_then_cancels(queue):
    first, second = await queue.place(), await queue.place()
    await scheduled(queue, first, days=0)  # a no-show is due from that day on
    assert positions(queue, [first, second]) == [None, 1]
    no_show = hospital_commands.RecordNoShow(entry_id=first.entry_id, actor=CLERK)
    await queue.handle(no_show)
    assert positions(queue, [first, second]) == [1, 2]
    data = last_event(queue, "queue.no_show", first.entry_id)
    assert (data["returned_to_waiting"], data["status"]) == (True, "waiting")
    await scheduled(queue, first, days=0)
    entry = await queue.handle(no_show)
    assert entry.status == "cancelled"
    data = last_event(queue, "queue.no_show", first.entry_id)
    assert (data["returned_to_waiting"], data["status"], data["version"]) == (
        False,
        "cancelled",
        5,
    )
    assert positions(queue, [first, second]) == [None, 1]


async def test_reject_with_reason_code(queue):
    placed = await queue.place()
    command = hospital_commands.Reject(
        entry_id=placed.entry_id,
        actor=CLERK,
        reason_code="profile_mismatch",
        note="x",
    )
    assert (await queue.handle(command)).status == "rejected"
    data = last_event(queue, "queue.entry_rejected", placed.entry_id)
    assert data["reason_code"] == "profile_mismatch" and "reason" not in data


async def test_cancel(queue):
    placed = await queue.place()
    command = commands.Cancel(
        entry_id=placed.entry_id, actor=Actor("doctor", "d1"), reason_code="duplicate"
    )
    assert (await queue.handle(command)).status == "cancelled"
    data = last_event(queue, "queue.entry_cancelled", placed.entry_id)
    assert (data["actor"], data["status"], data["reason_code"]) == (
        "doctor:d1",
        "cancelled",
        "duplicate",
    )


async def test_expire_and_reinstate_within_thirty_days_keeps_the_place(queue, clock):
    first, second, third = [await queue.place() for _ in range(3)]
    await queue.handle(commands.Expire(entry_id=first.entry_id))
    assert positions(queue, [first, second, third]) == [None, 1, 2]
    data = last_event(queue, "queue.entry_expired", first.entry_id)
    assert data["reason_code"] == "referral_expired"
    assert data["reinstatable_until"] == (today(queue) + timedelta(30)).isoformat()
    clock.advance(days=29)
    command = commands.Reinstate(
        entry_id=first.entry_id,
        actor=Actor("doctor", "d1"),
        valid_until=today(queue) + timedelta(days=60),
        note="renewed",
    )
    await queue.handle(command)
    assert positions(queue, [first, second, third]) == [1, 2, 3]
    data = last_event(queue, "queue.entry_reinstated", first.entry_id)
    assert (data["status"], data["reason_code"]) == ("waiting", None)


async def test_an_impossible_transition_changes_nothing(queue):
    placed = await queue.place()
    log_before = queue.log_records(entry_id=placed.entry_id)
    events_before = queue.outbox()
    with pytest.raises(InvalidTransition) as raised:
        await queue.handle(
            hospital_commands.Admit(entry_id=placed.entry_id, actor=CLERK)
        )
    assert raised.value.status == "waiting"
    record = queue.entries()[placed.entry_id]
    assert (record["status"], record["version"]) == ("waiting", 1)
    assert queue.log_records(entry_id=placed.entry_id) == log_before
    assert len(queue.outbox()) == len(events_before)
    assert stored_queue(queue, QUEUE)["n"] == 1


async def test_another_hospitals_entry_is_not_found(queue):
    placed = await queue.place()
    command = hospital_commands.Admit(
        entry_id=placed.entry_id, actor=CLERK, facility_id="KZ-75-H01"
    )
    with pytest.raises(EntryNotFound):
        await queue.handle(command)
    with pytest.raises(EntryNotFound):
        await queue.handle(hospital_commands.Admit(entry_id="missing", actor=CLERK))


async def test_every_change_gets_the_next_number_and_a_chained_log_record(queue):
    placed = await queue.place()
    await scheduled(queue, placed)
    await queue.handle(hospital_commands.Admit(entry_id=placed.entry_id, actor=CLERK))
    counters = stored_queue(queue, QUEUE)
    records = logged(queue)
    assert [r["n"] for r in records] == [1, 2, 3] == list(range(1, counters["n"] + 1))
    assert records[1]["prev_hash"] == records[0]["hash"]
    assert counters["head_hash"] == records[-1]["hash"]
    assert queue.book.line(QUEUE).watermark == 3
