"""A patient leaves the queue (code, IIN and a reason code): the entry is
cancelled, those behind move up, the event names the patient and the reason
code but never the note, and a cancelled entry cannot be cancelled again."""

from __future__ import annotations

import pytest

from services.queue.patients.domain.commands import CancelByPatient
from services.queue.patients.service_layer.handlers import NotCancellable
from services.queue.patients.service_layer.patient_gate import PatientNotFound
from services.queue.waiting_list.adapters.collections import NOTES
from tests.unit.queue.patients.patient_side import PatientSide, patient_side, wrong_iin

NOTE = "at my aunt's clinic"


@pytest.fixture
def side() -> PatientSide:
    return patient_side()


async def test_a_patient_can_leave_the_queue(side):
    queue = side.queue
    mine, behind = await queue.place(), await queue.place()
    await queue.handle(
        CancelByPatient(
            code=mine.code, iin=mine.iin, reason_code="treated_elsewhere", note=NOTE
        )
    )
    assert queue.book.get(mine.code).status == "cancelled"
    assert queue.entries()[mine.entry_id]["status"] == "cancelled"
    assert (await side.lookup(behind.code, behind.iin))["position"] == 1
    [event] = queue.outbox("queue.entry_cancelled")
    assert (event.data["actor"], event.data["reason_code"]) == (
        "patient",
        "treated_elsewhere",
    )
    assert "aunt" not in str(queue.outbox())
    assert NOTE in str(queue.store.collection(NOTES))


async def test_a_cancelled_entry_cannot_be_cancelled_again(side):
    queue = side.queue
    mine = await queue.place()
    leave = CancelByPatient(code=mine.code, iin=mine.iin, reason_code="moved")
    await queue.handle(leave)
    with pytest.raises(NotCancellable) as refused:
        await queue.handle(leave)
    assert refused.value.status == "cancelled"
    assert len(queue.outbox("queue.entry_cancelled")) == 1


async def test_leaving_needs_the_right_iin(side):
    queue = side.queue
    mine = await queue.place()
    with pytest.raises(PatientNotFound):
        await queue.handle(
            CancelByPatient(
                code=mine.code, iin=wrong_iin(mine.iin), reason_code="moved"
            )
        )
    assert queue.book.get(mine.code).status == "waiting"
    assert queue.outbox("queue.entry_cancelled") == []
