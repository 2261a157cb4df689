"""A patient admitted as an emergency sees on their own page that they were
admitted, and where; nothing sent to another system, and nothing the
hospital of the closed entry reads, names the admitting hospital."""

from __future__ import annotations

import json

import pytest

from services.queue.patients.domain.commands import CancelByPatient
from shared.contracts import encode
from tests.queue_builders import ELSEWHERE, HOSPITAL
from tests.unit.queue.hospital.desk import Desk, line_of
from tests.unit.queue.patients.patient_side import PatientSide, patient_side


@pytest.fixture
def side() -> PatientSide:
    return patient_side()


def card(side: PatientSide, facility_id: str) -> dict[str, str]:
    facility = side.queue.patients.registry.get(facility_id)
    assert facility is not None
    return {
        "name": facility.name_in("en"),
        "address": facility.address_in("en"),
        "phone": facility.phone,
    }


async def test_the_page_says_the_patient_was_admitted_and_where(side):
    mine = (await line_of(side.queue, 2))[0]
    await Desk(side.queue).other(ELSEWHERE).emergency(mine.iin)
    body = await side.lookup(mine.code, mine.iin)
    assert (body["status"], body["reason_code"]) == ("cancelled", "admitted_elsewhere")
    assert body["hospital"] == card(side, ELSEWHERE)
    assert body["cancellable"] is False and body["position"] is None


async def test_an_emergency_at_the_patients_own_hospital_names_it(side):
    mine = (await line_of(side.queue, 1))[0]
    await Desk(side.queue).emergency(mine.iin)
    body = await side.lookup(mine.code, mine.iin)
    assert body["reason_code"] == "admitted_elsewhere"
    assert body["hospital"] == card(side, HOSPITAL)


async def test_a_patients_own_cancel_is_no_admission(side):
    mine = (await line_of(side.queue, 1))[0]
    await side.queue.handle(
        CancelByPatient(code=mine.code, iin=mine.iin, reason_code="moved")
    )
    body = await side.lookup(mine.code, mine.iin)
    assert (body["status"], body["reason_code"]) == ("cancelled", None)
    assert body["hospital"] == card(side, HOSPITAL)
    assert body["cancellable"] is False


async def test_no_event_and_no_answer_to_the_first_hospital_names_the_admitting_one(
    side,
):
    queue = side.queue
    mine = (await line_of(queue, 2))[0]
    desk = Desk(queue)
    await desk.other(ELSEWHERE).emergency(mine.iin)
    closing = queue.outbox("queue.entry_cancelled", entry_id=mine.entry_id)
    assert [e.data["facility_id"] for e in closing] == [HOSPITAL]
    about_the_entry = [
        encode(e).decode()
        for e in queue.store.outbox
        if e.data.get("entry_id") == mine.entry_id
    ]
    assert about_the_entry and ELSEWHERE not in json.dumps(about_the_entry)
    entry = await queue.waiting_list.uow.reader().entries.get(mine.entry_id)
    assert entry is not None and entry.admitting_facility_id == ELSEWHERE
    assert ELSEWHERE not in json.dumps(await desk.answer(entry), default=str)
