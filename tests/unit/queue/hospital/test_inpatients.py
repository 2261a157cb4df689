"""Who is in a bed now: the admitted patients (from a referral or as an
emergency), the earliest admitted first, with the admission moment and day
(the bureau's calendar), the expected discharge (the admission day plus the
profile's typical stay) and the days in; discharged from the list by their
entry id; one profile or all; paged; never a diagnosis."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from services.queue.hospital.domain.commands import Admit, Discharge
from services.queue.hospital.service_layer.hospital_queues import QueueNotFound
from services.queue.waiting_list.domain.status import InvalidTransition
from tests.factories import random_iin
from tests.queue_builders import NARCOLOGY_ONLY, PSYCHIATRY, QUEUE
from tests.unit.queue.hospital.desk import line_of, today

TYPICAL_STAY = 24
"""KZ-75-M01's psychiatry beds (shared/reference/facilities.json)."""


async def test_the_admitted_are_listed_with_their_stay(q, desk):
    placed = await line_of(q, 3)
    [admitted] = await desk.admit_next(1)
    await desk.pull(today(q) + timedelta(days=1), 1)
    admitted_at = q.clock()
    q.clock.advance(days=2)

    listed = await desk.inpatients()

    [row] = listed["inpatients"]
    assert (row["entry_id"], row["iin"]) == (admitted, placed[0].iin)
    assert row["hospitalization_code"] == placed[0].code
    assert (row["kind"], row["bed_profile"]) == ("referral", "psychiatry")
    assert row["admitted_at"] == admitted_at.isoformat()
    admitted_on = date.fromisoformat(row["admitted_on"])
    assert (
        row["expected_discharge"]
        == (admitted_on + timedelta(days=TYPICAL_STAY)).isoformat()
    )
    assert (row["days_in"], row["overdue"]) == (2, False)
    assert (listed["total"], listed["date"]) == (1, today(q).isoformat())
    assert "diagnosis" not in json.dumps(listed)


async def test_the_admission_day_is_the_bureaus_calendar_day(q, desk):
    q.clock.advance(hours=14)  # 20:00 UTC is 01:00 the next day in Almaty
    await line_of(q, 1)
    await desk.admit_next(1)
    [row] = (await desk.inpatients())["inpatients"]
    assert row["admitted_on"] == "2026-11-03"
    assert row["expected_discharge"] == "2026-11-27"
    assert row["days_in"] == 0


async def test_a_stay_past_its_expected_discharge_is_overdue(q, desk):
    await line_of(q, 1)
    await desk.admit_next(1)
    q.clock.advance(days=TYPICAL_STAY)
    assert (await desk.inpatients())["inpatients"][0]["overdue"] is False
    q.clock.advance(days=1)
    [row] = (await desk.inpatients())["inpatients"]
    assert (row["days_in"], row["overdue"]) == (TYPICAL_STAY + 1, True)


async def test_an_emergency_admission_is_in_a_bed_too(q, desk):
    await line_of(q, 1)
    [admitted] = await desk.admit_next(1)
    q.clock.advance(hours=1)
    iin = random_iin()
    emergency = await desk.emergency(iin)

    rows = (await desk.inpatients())["inpatients"]

    assert [r["entry_id"] for r in rows] == [admitted, emergency["admission_id"]]
    assert (rows[1]["kind"], rows[1]["iin"]) == ("emergency", iin)


async def test_a_discharge_with_the_listed_entry_id_empties_the_bed(q, desk):
    await line_of(q, 2)
    await desk.admit_next(2)
    first, second = (await desk.inpatients())["inpatients"]

    await desk.act(Discharge, first["entry_id"], note="home")

    listed = await desk.inpatients()
    assert [r["entry_id"] for r in listed["inpatients"]] == [second["entry_id"]]
    assert listed["total"] == 1
    [psychiatry] = [p for p in desk.board(1)["profiles"] if p["queue_id"] == QUEUE]
    assert psychiatry["occupied"] == 1


async def test_the_list_is_of_one_profile_or_all(q, desk):
    await line_of(q, 1)
    [psychiatry] = await desk.admit_next(1)
    narcology = (await desk.admitted(random_iin(), profile="narcology")).body

    every = await desk.inpatients()
    assert {r["bed_profile"] for r in every["inpatients"]} == {
        "psychiatry",
        "narcology",
    }
    assert every["total"] == 2 and every["bed_profile"] is None
    only = await desk.inpatients("narcology")
    assert [r["entry_id"] for r in only["inpatients"]] == [narcology["admission_id"]]
    assert (only["total"], only["bed_profile"]) == (1, "narcology")
    assert psychiatry not in json.dumps(only)


async def test_the_list_is_paged_earliest_admitted_first(q, desk):
    await line_of(q, 5)
    for _ in range(5):
        await desk.admit_next(1)
        q.clock.advance(minutes=10)

    pages = [await desk.inpatients(page=p, page_size=2) for p in (1, 2, 3)]

    rows = [r for page in pages for r in page["inpatients"]]
    assert [len(page["inpatients"]) for page in pages] == [2, 2, 1]
    assert [r["admitted_at"] for r in rows] == sorted(r["admitted_at"] for r in rows)
    assert {page["total"] for page in pages} == {5}


async def test_the_scheduled_and_the_waiting_are_not_in_a_bed(q, desk):
    await line_of(q, 3)
    await desk.pull(today(q), 2)
    listed = await desk.inpatients()
    assert (listed["inpatients"], listed["total"]) == ([], 0)


async def test_a_profile_the_hospital_has_no_beds_of_is_no_queue(q, desk):
    with pytest.raises(QueueNotFound):
        await desk.other(NARCOLOGY_ONLY).inpatients("psychiatry")


async def test_another_hospital_sees_none_of_these_patients(q, desk):
    await line_of(q, 2)
    await desk.admit_next(1)
    await desk.emergency(random_iin())
    elsewhere = desk.other("KZ-71-M01")
    await q.place(queue=("KZ-71-M01", "psychiatry"))
    [theirs] = await elsewhere.admit_next(1)

    listed = await elsewhere.inpatients()

    assert [r["entry_id"] for r in listed["inpatients"]] == [theirs]
    assert listed["total"] == 1
    assert PSYCHIATRY[0] not in json.dumps(listed)


async def test_admitting_again_is_refused_and_lists_nothing_twice(q, desk):
    await line_of(q, 1)
    [admitted] = await desk.admit_next(1)
    with pytest.raises(InvalidTransition) as refusal:
        await desk.act(Admit, admitted)
    assert refusal.value.status == "admitted"
    assert len((await desk.inpatients())["inpatients"]) == 1
