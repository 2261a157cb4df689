"""Admit, no-show, reject and discharge: each a transition with its event
and log record (the clerk and the reason code), the beds and the followers'
positions after it; an impossible one is refused with the entry's current
status and changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.queue.hospital.domain.admissions import NotDue
from services.queue.hospital.domain.commands import (
    Admit,
    Discharge,
    RecordNoShow,
    Reject,
)
from tests.queue_builders import QUEUE
from tests.unit.queue.hospital.desk import (
    cancelled_by_patient,
    last_event,
    line_of,
    positions,
    refused,
    today,
)


async def test_admit_occupies_the_bed_booked_for_the_day(q, desk):
    first, second = await line_of(q, 2)
    day = today(q)
    await desk.pull(day, 1)
    assert await desk.beds_on(day) == {
        "total": 6,
        "occupied": 0,
        "booked": 1,
        "free": 5,
        "booked_beyond_beds": 0,
    }

    admitted = await desk.act(Admit, first.entry_id)

    assert (admitted.status.value, admitted.version) == ("admitted", 3)
    data = last_event(q, "queue.patient_admitted", first.entry_id)
    assert (data["actor"], data["status"]) == (str(desk.actor), "admitted")
    beds = await desk.beds_on(day)
    assert (beds["occupied"], beds["booked"], beds["free"]) == (1, 0, 5)
    assert (await desk.beds_on(day + timedelta(days=1)))["free"] == 5
    assert positions(q, [second]) == [1]
    await refused(q, desk.act(Admit, first.entry_id), "admitted")


async def test_discharge_frees_the_bed_and_keeps_the_note_home(q, desk):
    first, second = await line_of(q, 2)
    day = today(q)
    await desk.pull(day, 1)
    await desk.act(Admit, first.entry_id)

    discharged = await desk.act(Discharge, first.entry_id, note="recovered")

    assert discharged.status.value == "discharged"
    notes = (await desk.answer(discharged))["notes"]
    assert [n["note"] for n in notes] == ["recovered"]
    data = last_event(q, "queue.patient_discharged", first.entry_id)
    assert (data["actor"], data["reason_code"]) == (str(desk.actor), None)
    assert "recovered" not in str(data)
    assert (await desk.beds_on(day))["free"] == 6
    records = q.log_records(entry_id=first.entry_id)
    assert [(r["event_type"], r["actor"]) for r in records[1:]] == [
        ("queue.admission_scheduled", str(desk.actor)),
        ("queue.patient_admitted", str(desk.actor)),
        ("queue.patient_discharged", str(desk.actor)),
    ]
    await refused(q, desk.act(Discharge, first.entry_id), "discharged")
    await refused(q, desk.act(Discharge, second.entry_id), "waiting")


async def test_a_first_no_show_returns_the_patient_to_their_place_a_second_cancels(
    q, desk
):
    queue = await line_of(q, 3)
    tomorrow = today(q) + timedelta(days=1)
    await desk.pull(tomorrow, 1)

    with pytest.raises(NotDue) as early:
        await desk.act(RecordNoShow, queue[0].entry_id)
    assert early.value.scheduled == tomorrow
    q.clock.advance(days=1)
    back = await desk.act(RecordNoShow, queue[0].entry_id, note="did not come")
    assert back.status.value == "waiting"
    assert (await desk.answer(back))["position"] == 1
    assert positions(q, queue) == [1, 2, 3]
    data = last_event(q, "queue.no_show", queue[0].entry_id)
    assert (data["returned_to_waiting"], data["actor"]) == (True, str(desk.actor))
    assert (await desk.beds_on(tomorrow))["booked"] == 0

    await desk.pull(today(q), 1)
    closed = await desk.act(RecordNoShow, queue[0].entry_id)
    assert closed.status.value == "cancelled"
    data = last_event(q, "queue.no_show", queue[0].entry_id)
    assert data["reason_code"] == "second_no_show"
    assert positions(q, queue) == [None, 1, 2]
    await refused(q, desk.act(RecordNoShow, queue[0].entry_id), "cancelled")


async def test_reject_with_a_documented_reason_moves_the_followers_up(q, desk):
    queue = await line_of(q, 3)
    reason = {"reason_code": "contraindication", "note": "acute somatic illness"}

    rejected = await desk.act(Reject, queue[0].entry_id, **reason)

    assert rejected.status.value == "rejected"
    data = last_event(q, "queue.entry_rejected", queue[0].entry_id)
    assert data["reason_code"] == "contraindication" and "reason" not in data
    assert positions(q, queue) == [None, 1, 2]
    [record] = q.log_records(
        entry_id=queue[0].entry_id, event_type="queue.entry_rejected"
    )
    assert (record["actor"], record["reason_code"]) == (
        str(desk.actor),
        "contraindication",
    )
    assert "acute" not in str(record)
    await refused(q, desk.act(Reject, queue[0].entry_id, **reason), "rejected")
    await refused(q, desk.act(Admit, queue[0].entry_id), "rejected")


async def test_admitting_a_cancelled_entry_is_refused_with_its_state(q, desk):
    placed = await q.place()
    await cancelled_by_patient(q, placed, "no_longer_needed")
    await refused(q, desk.act(Admit, placed.entry_id), "cancelled")
    stored = q.entries()[placed.entry_id]
    assert (stored["status"], stored["version"]) == ("cancelled", 2)


async def test_a_patient_leaving_a_scheduled_admission_frees_the_booked_bed(q, desk):
    placed = await q.place()
    day = today(q) + timedelta(days=2)
    await desk.pull(day, 1)
    assert (await desk.beds_on(day))["free"] == 5
    await cancelled_by_patient(q, placed, "treated_elsewhere")
    assert (await desk.beds_on(day))["free"] == 6
    listed = await desk.list(day)
    assert listed["scheduled"] == [] and listed["queue_id"] == QUEUE
