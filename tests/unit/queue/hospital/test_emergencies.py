"""Emergency admissions: the patient takes a bed at once; their open entry
for the profile at any hospital is closed as admitted elsewhere and its
followers move up; the closing is logged with the clerk, announced by the
bureau; no event and no log record carries the diagnosis or the IIN."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from services.queue.hospital.domain.commands import Discharge
from services.queue.hospital.service_layer.emergencies import AlreadyAdmitted
from services.queue.hospital.service_layer.hospital_queues import QueueNotFound
from services.queue.waiting_list.adapters.collections import (
    EMERGENCY_ADMISSIONS,
    QUEUE_LOG,
)
from shared.contracts import encode
from shared.idempotency import IdempotencyKeyReused
from tests.factories import random_iin
from tests.queue_builders import ELSEWHERE, QUEUE
from tests.unit.queue.hospital.desk import line_of, lookup, positions, today

ELSEWHERE_QUEUE = f"{ELSEWHERE}:psychiatry"
ADMITTED = "queue.emergency_admitted"


def sent_and_logged(q) -> str:
    """Every event in the outbox and every queue log record, as text."""
    sent = [encode(envelope).decode() for envelope in q.store.outbox]
    logged = list(q.store.collection(QUEUE_LOG).values())
    return json.dumps(sent) + json.dumps(logged, default=str)


async def test_an_emergency_elsewhere_closes_the_open_entry_and_moves_followers_up(
    q, desk
):
    queue = await line_of(q, 5)

    answer = await desk.other(ELSEWHERE).emergency(queue[1].iin)

    assert answer["queue_id"] == ELSEWHERE_QUEUE and answer["status"] == "admitted"
    assert answer["open_entries_closed"] == 1
    assert answer["free_beds_today"] == 3
    assert positions(q, queue) == [1, None, 2, 3, 4]
    assert lookup(q, queue[1])["status"] == "cancelled"
    milestones = q.outbox("queue.position_milestone")
    # 3 -> 2 was at position 3 already; 4 -> 3 reaches the milestone 3
    assert [e.data["entry_id"] for e in milestones] == [queue[3].entry_id]


async def test_the_closing_is_logged_with_the_clerk_and_announced_by_the_bureau(
    q, desk
):
    patient = (await line_of(q, 2))[1]
    other = desk.other(ELSEWHERE)

    answer = await other.emergency(patient.iin)

    [admitted] = q.outbox(ADMITTED)
    assert admitted.data == {
        "admission_id": answer["admission_id"],
        "facility_id": ELSEWHERE,
        "queue_id": ELSEWHERE_QUEUE,
        "actor": str(other.actor),
    }
    [closing] = q.outbox("queue.entry_cancelled")
    assert closing.data["entry_id"] == patient.entry_id
    assert (closing.data["reason_code"], closing.data["actor"]) == (
        "admitted_elsewhere",
        "system",
    )
    assert ELSEWHERE not in json.dumps(closing.data)
    [logged] = q.log_records(event_id=closing.event_id)
    assert (logged["actor"], logged["reason_code"]) == (
        str(other.actor),
        "admitted_elsewhere",
    )
    records = q.log_records(event_type=ADMITTED)
    assert [(r["entry_id"], r["actor"]) for r in records] == [
        (answer["admission_id"], str(other.actor))
    ]


async def test_the_diagnosis_is_kept_with_the_admission_record_only(q, desk):
    patient = (await line_of(q, 2))[1]

    answer = await desk.other(ELSEWHERE).emergency(patient.iin, "F20.0")

    everything = sent_and_logged(q)
    # the full code: a bare "F20" can occur inside a random hospitalization code
    assert "F20.0" not in everything and patient.iin not in everything
    stored = q.store.collection(EMERGENCY_ADMISSIONS)[answer["admission_id"]]
    assert stored["diagnosis"] == "F20.0"
    assert stored["closed_entry_ids"] == [patient.entry_id]


async def test_an_open_entry_of_the_admitting_hospital_itself_counts_the_same(q, desk):
    patient = await q.place()
    answer = await desk.emergency(patient.iin)
    assert answer["open_entries_closed"] == 1
    assert q.entries()[patient.entry_id]["status"] == "cancelled"


async def test_closing_a_scheduled_entry_frees_its_booked_bed(q, desk):
    queue = await line_of(q, 2)
    day = today(q) + timedelta(days=2)
    await desk.pull(day, 1)
    assert (await desk.beds_on(day))["free"] == 5

    answer = await desk.other(ELSEWHERE).emergency(queue[0].iin)

    assert answer["open_entries_closed"] == 1
    assert q.entries()[queue[0].entry_id]["status"] == "cancelled"
    listed = await desk.list(day)
    assert listed["beds"]["free"] == 6 and listed["scheduled"] == []


async def test_an_emergency_here_occupies_a_bed_until_discharged(q, desk):
    iin = random_iin()
    answer = await desk.emergency(iin, "F10.2")
    assert answer["open_entries_closed"] == 0 and answer["free_beds_today"] == 5
    [event] = q.outbox(ADMITTED)
    assert "closed_entry_id" not in event.data
    line = q.book.line(QUEUE)
    assert line.admitted == 1 and sum(line.admissions.values()) == 0

    with pytest.raises(AlreadyAdmitted) as again:
        await desk.emergency(iin)
    assert again.value.entry_id == answer["admission_id"]

    done = await desk.act(Discharge, answer["admission_id"])
    assert (done.status.value, done.kind) == ("discharged", "emergency")
    assert (await desk.beds_on(today(q)))["occupied"] == 0
    assert (await desk.emergency(iin))["open_entries_closed"] == 0
    assert len(q.outbox(ADMITTED)) == 2


async def test_an_emergency_retried_with_its_key_is_one_admission(q, desk):
    iin = random_iin()
    first = await desk.admitted(iin, idempotency_key="em-1")
    retry = await desk.admitted(iin, idempotency_key="em-1")
    assert (retry.status, retry.body, retry.replayed) == (201, first.body, True)
    assert len(q.outbox(ADMITTED)) == 1
    with pytest.raises(IdempotencyKeyReused):
        await desk.admitted(random_iin(), idempotency_key="em-1")


async def test_an_emergency_for_beds_the_hospital_lacks_is_refused(q, desk):
    with pytest.raises(QueueNotFound):
        await desk.admitted(random_iin(), profile="cardiology")
    assert q.outbox() == []
