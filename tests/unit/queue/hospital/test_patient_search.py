"""A clerk finds a patient among their own hospital's entries: by the code
(that entry, whatever its status), by the IIN (the patient's entries here,
newest first, emergencies too), by both (only an entry matching both); an
entry of another hospital is not found, the same empty answer as an unknown
code or IIN. What the desk needs comes back (IIN, status, position, dates),
never a diagnosis."""

from __future__ import annotations

import json
from datetime import timedelta

from services.queue.hospital.domain.commands import Reject
from tests.factories import random_iin
from tests.queue_builders import ELSEWHERE, START, new_code
from tests.unit.queue.hospital.desk import line_of, today


async def test_a_code_finds_its_entry_with_what_the_desk_needs(q, desk):
    first, second = await line_of(q, 2)

    [found] = await desk.search(code=second.code)

    assert (found["entry_id"], found["iin"]) == (second.entry_id, second.iin)
    assert (found["status"], found["position"]) == ("waiting", 2)
    assert found["bed_profile"] == "psychiatry" and found["kind"] == "referral"
    assert "diagnosis" not in json.dumps(found)


async def test_a_scheduled_or_closed_entry_is_found_with_its_state(q, desk):
    first, second = await line_of(q, 2)
    day = today(q) + timedelta(days=1)
    await desk.pull(day, 1)
    await desk.act(Reject, second.entry_id, reason_code="duplicate")

    [scheduled] = await desk.search(code=first.code)
    [rejected] = await desk.search(code=second.code)

    assert (scheduled["status"], scheduled["scheduled_date"]) == (
        "scheduled",
        day.isoformat(),
    )
    assert scheduled["position"] is None
    assert rejected["status"] == "rejected"


async def test_an_iin_finds_the_patients_entries_here_newest_first(q, desk):
    iin = random_iin()
    older = await q.place(iin=iin, registered_at=START)
    newer = await q.place(
        iin=iin,
        queue=("KZ-75-M01", "narcology"),
        registered_at=START + timedelta(days=1),
    )
    await q.place(iin=iin, queue=(ELSEWHERE, "psychiatry"))
    await line_of(q, 1)

    found = await desk.search(iin=iin)

    assert [f["entry_id"] for f in found] == [newer.entry_id, older.entry_id]
    assert {f["iin"] for f in found} == {iin}


async def test_an_emergency_admission_is_found_by_the_iin(q, desk):
    iin = random_iin()
    q.clock.advance(hours=1)
    admitted = await desk.emergency(iin)
    [found] = await desk.search(iin=iin)
    assert (found["entry_id"], found["kind"]) == (admitted["admission_id"], "emergency")
    assert found["status"] == "admitted" and found["admitted_at"] is not None


async def test_code_and_iin_together_must_match_the_same_entry(q, desk):
    first, second = await line_of(q, 2)
    [found] = await desk.search(code=first.code, iin=first.iin)
    assert found["entry_id"] == first.entry_id
    assert await desk.search(code=first.code, iin=second.iin) == []


async def test_another_hospitals_patient_is_not_found_as_if_unknown(q, desk):
    theirs = await q.place(queue=(ELSEWHERE, "psychiatry"))
    unknown = await desk.search(code=new_code())
    assert unknown == []
    assert await desk.search(code=theirs.code) == unknown
    assert await desk.search(iin=theirs.iin) == unknown
    assert await desk.search(code=theirs.code, iin=theirs.iin) == unknown
    [found] = await desk.other(ELSEWHERE).search(code=theirs.code)
    assert found["entry_id"] == theirs.entry_id


async def test_a_search_with_nothing_to_search_by_finds_nothing(q, desk):
    await line_of(q, 1)
    assert await desk.search() == []
