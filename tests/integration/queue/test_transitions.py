"""Every transition of the state machine through the service layer: the
entry's new state and version, its event, its log record, and the followers'
positions; impossible transitions change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.queue.hospital.domain import commands as hospital_commands
from services.queue.waiting_list.domain import commands
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.status import InvalidTransition
from services.queue.waiting_list.service_layer.handlers import EntryNotFound
from tests.integration.queue.support import handle, outbox_events, place, positions

CLERK = Actor("hospital", "clerk-1")
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


async def log_records(bureau, entry_id):
    cursor = bureau.db.queue_log.find({"record.entry_id": entry_id}).sort("n", 1)
    return [doc["record"] async for doc in cursor]


async def last_event(bureau, event_type, entry_id):
    found = await outbox_events(bureau, event_type, entry_id=entry_id)
    assert found, f"no {event_type} for {entry_id}"
    return found[-1]["data"]


async def scheduled(bureau, placed, days=2):
    on = bureau.today() + timedelta(days=days)
    await handle(
        commands.Schedule(entry_id=placed.entry_id, actor=CLERK, on=on), bureau
    )
    return on


async def test_schedule_emits_its_event_logs_it_and_moves_the_followers(bureau):
    first, second, third = [await place(bureau) for _ in range(3)]
    on = bureau.today() + timedelta(days=2)
    command = commands.Schedule(entry_id=first.entry_id, actor=CLERK, on=on, note="bed")
    entry = await handle(command, bureau)
    assert (entry.status, entry.version, entry.scheduled_date) == ("scheduled", 2, on)
    data = await last_event(bureau, "queue.admission_scheduled", first.entry_id)
    assert set(data) >= COMMON
    assert data["scheduled_date"] == on.isoformat()
    assert (data["version"], data["status"], data["actor"], data["reason_code"]) == (
        2,
        "scheduled",
        "hospital:clerk-1",
        None,
    )
    assert "bed" not in data.values()
    assert [r["event_type"] for r in await log_records(bureau, first.entry_id)] == [
        "queue.entry_placed",
        "queue.admission_scheduled",
    ]
    assert positions(bureau, [first, second, third]) == [None, 1, 2]


async def test_admit_then_discharge(bureau):
    placed = await place(bureau)
    await scheduled(bureau, placed)
    admitted = await handle(
        hospital_commands.Admit(entry_id=placed.entry_id, actor=CLERK), bureau
    )
    assert admitted.status == "admitted" and admitted.version == 3
    assert (await last_event(bureau, "queue.patient_admitted", placed.entry_id))[
        "version"
    ] == 3
    line = bureau.book.line("KZ-75-M01:psychiatry")
    assert line.admitted == 1 and sum(line.admissions.values()) == 1
    discharged = await handle(
        hospital_commands.Discharge(entry_id=placed.entry_id, actor=CLERK), bureau
    )
    assert discharged.status == "discharged"
    data = await last_event(bureau, "queue.patient_discharged", placed.entry_id)
    assert data["version"] == 4
    assert line.admitted == 0 and sum(line.admissions.values()) == 1


async def test_no_show_returns_once_keeping_the_place_then_cancels(bureau):
    first, second = await place(bureau), await place(bureau)
    await scheduled(bureau, first, days=0)  # a no-show is due from that day on
    assert positions(bureau, [first, second]) == [None, 1]
    await handle(
        hospital_commands.RecordNoShow(entry_id=first.entry_id, actor=CLERK), bureau
    )
    assert positions(bureau, [first, second]) == [1, 2]
    data = await last_event(bureau, "queue.no_show", first.entry_id)
    assert (data["returned_to_waiting"], data["status"]) == (True, "waiting")
    await scheduled(bureau, first, days=0)
    entry = await handle(
        hospital_commands.RecordNoShow(entry_id=first.entry_id, actor=CLERK), bureau
    )
    assert entry.status == "cancelled"
    data = await last_event(bureau, "queue.no_show", first.entry_id)
    assert (data["returned_to_waiting"], data["status"], data["version"]) == (
        False,
        "cancelled",
        5,
    )
    assert positions(bureau, [first, second]) == [None, 1]


async def test_reject_with_reason_code(bureau):
    placed = await place(bureau)
    command = hospital_commands.Reject(
        entry_id=placed.entry_id,
        actor=CLERK,
        reason_code="profile_mismatch",
        note="x",
    )
    assert (await handle(command, bureau)).status == "rejected"
    data = await last_event(bureau, "queue.entry_rejected", placed.entry_id)
    assert data["reason_code"] == "profile_mismatch" and "reason" not in data


async def test_cancel(bureau):
    placed = await place(bureau)
    command = commands.Cancel(
        entry_id=placed.entry_id, actor=Actor("doctor", "d1"), reason_code="duplicate"
    )
    assert (await handle(command, bureau)).status == "cancelled"
    data = await last_event(bureau, "queue.entry_cancelled", placed.entry_id)
    assert (data["actor"], data["status"], data["reason_code"]) == (
        "doctor:d1",
        "cancelled",
        "duplicate",
    )


async def test_expire_and_reinstate_within_thirty_days_keeps_the_place(bureau, clock):
    first, second, third = [await place(bureau) for _ in range(3)]
    await handle(commands.Expire(entry_id=first.entry_id), bureau)
    assert positions(bureau, [first, second, third]) == [None, 1, 2]
    data = await last_event(bureau, "queue.entry_expired", first.entry_id)
    assert data["reason_code"] == "referral_expired"
    assert (
        data["reinstatable_until"] == (bureau.today() + timedelta(days=30)).isoformat()
    )
    clock.advance(days=29)
    command = commands.Reinstate(
        entry_id=first.entry_id,
        actor=Actor("doctor", "d1"),
        valid_until=bureau.today() + timedelta(days=60),
        note="renewed",
    )
    await handle(command, bureau)
    assert positions(bureau, [first, second, third]) == [1, 2, 3]
    data = await last_event(bureau, "queue.entry_reinstated", first.entry_id)
    assert (data["status"], data["reason_code"]) == ("waiting", None)


async def test_an_impossible_transition_changes_nothing(bureau):
    placed = await place(bureau)
    log_before = await log_records(bureau, placed.entry_id)
    events_before = await outbox_events(bureau)
    with pytest.raises(InvalidTransition) as raised:
        await handle(
            hospital_commands.Admit(entry_id=placed.entry_id, actor=CLERK), bureau
        )
    assert raised.value.status == "waiting"
    doc = await bureau.db.queue_entries.find_one({"_id": placed.entry_id})
    assert (doc["status"], doc["version"]) == ("waiting", 1)
    assert await log_records(bureau, placed.entry_id) == log_before
    assert len(await outbox_events(bureau)) == len(events_before)
    queue = await bureau.db.queues.find_one({"_id": "KZ-75-M01:psychiatry"})
    assert queue["n"] == 1


async def test_another_hospitals_entry_is_not_found(bureau):
    placed = await place(bureau)
    command = hospital_commands.Admit(
        entry_id=placed.entry_id, actor=CLERK, facility_id="KZ-75-H01"
    )
    with pytest.raises(EntryNotFound):
        await handle(command, bureau)
    with pytest.raises(EntryNotFound):
        await handle(hospital_commands.Admit(entry_id="missing", actor=CLERK), bureau)


async def test_every_change_gets_the_next_number_and_a_chained_log_record(bureau):
    placed = await place(bureau)
    await scheduled(bureau, placed)
    await handle(hospital_commands.Admit(entry_id=placed.entry_id, actor=CLERK), bureau)
    queue = await bureau.db.queues.find_one({"_id": "KZ-75-M01:psychiatry"})
    records = await bureau.db.queue_log.find().sort("n", 1).to_list(None)
    assert [r["n"] for r in records] == [1, 2, 3] == list(range(1, queue["n"] + 1))
    assert records[1]["prev_hash"] == records[0]["hash"]
    assert queue["head_hash"] == records[-1]["hash"]
    assert bureau.book.line("KZ-75-M01:psychiatry").watermark == 3
