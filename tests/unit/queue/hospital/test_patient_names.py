"""The patient's name the doctor gave reaches the receiving hospital's
clerks (the admissions list, the inpatients, the search), whichever of the
registration and the name arrives first, the latest referral version's; it
is kept apart from the entry, so no queue event, queue log record or patient
lookup can carry it."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest

from services.queue.hospital.domain.commands import Admit
from services.queue.waiting_list.adapters.collections import ENTRIES, PATIENT_NAMES
from shared.messaging.consumer import AlreadyProcessed
from tests.factories import random_iin
from tests.queue_builders import START, delivered, patient_named
from tests.unit.queue.hospital.desk import lookup, today

NAME = "Жанар Qzxwқызы Әлиева"
MARK = "Qzxw"
"""No code, id or text of the service can hold it (mixed case, Latin in Cyrillic)."""


async def named(q, referral_id: str, full_name: str = NAME, version: int = 1):
    await q.bus.handle_event(delivered(patient_named(referral_id, full_name, version)))


async def placed_and_named(q, name_first: bool = False):
    referral_id = uuid.uuid4().hex
    if name_first:
        await named(q, referral_id)
    placed = await q.place(referral_id=referral_id, registered_at=START)
    if not name_first:
        await named(q, referral_id)
    return placed


@pytest.mark.parametrize("name_first", [False, True], ids=["after", "before"])
async def test_the_clerk_sees_the_name_whichever_event_came_first(q, desk, name_first):
    placed = await placed_and_named(q, name_first)
    [found] = await desk.search(code=placed.code)
    assert found["full_name"] == NAME


async def test_the_admissions_list_and_the_inpatients_show_the_name(q, desk):
    placed = await placed_and_named(q)
    day = today(q)
    await desk.pull(day, 1)
    [row] = (await desk.list(day))["scheduled"]
    assert (row["entry_id"], row["full_name"]) == (placed.entry_id, NAME)
    await desk.act(Admit, placed.entry_id)
    [inpatient] = (await desk.inpatients())["inpatients"]
    assert inpatient["full_name"] == NAME


async def test_an_entry_without_a_name_shows_none(q, desk):
    placed = await q.place(registered_at=START)
    [found] = await desk.search(code=placed.code)
    assert found["full_name"] is None


async def test_a_later_version_replaces_the_name_and_a_stale_one_is_ignored(q, desk):
    placed = await placed_and_named(q)
    await named(q, placed.referral_id, "Жанар Әлиева", version=3)
    await named(q, placed.referral_id, "Ескі Аты", version=2)
    [found] = await desk.search(code=placed.code)
    assert found["full_name"] == "Жанар Әлиева"


async def test_the_same_event_twice_is_kept_once(q):
    envelope = delivered(patient_named(uuid.uuid4().hex, NAME))
    await q.bus.handle_event(envelope)
    commits = q.uow.commits
    with pytest.raises(AlreadyProcessed):
        await q.bus.handle_event(envelope)
    assert q.uow.commits == commits


async def test_another_hospital_never_sees_the_name(q, desk):
    placed = await placed_and_named(q)
    elsewhere = desk.other("KZ-71-M01")
    assert await elsewhere.search(code=placed.code) == []
    assert await elsewhere.search(iin=placed.iin) == []


async def test_the_name_is_in_no_event_log_record_entry_or_patient_lookup(q, desk):
    placed = await placed_and_named(q)
    await desk.pull(today(q) + timedelta(days=1), 1)
    await desk.emergency(random_iin())
    shown = json.dumps(lookup(q, placed), default=str)
    events = json.dumps([e.data for e in q.store.outbox], default=str)
    logged = json.dumps(q.log_records(), default=str)
    entries = json.dumps(q.store.collection(ENTRIES), default=str)
    for place in (shown, events, logged, entries):
        assert MARK not in place
    assert MARK in json.dumps(q.store.collection(PATIENT_NAMES))


async def test_an_emergency_admission_may_carry_the_name_for_this_hospital(q, desk):
    iin = random_iin()
    await desk.admitted(iin, full_name=NAME)
    [inpatient] = (await desk.inpatients())["inpatients"]
    assert (inpatient["kind"], inpatient["full_name"]) == ("emergency", NAME)
    assert MARK not in json.dumps([e.data for e in q.store.outbox], default=str)
    assert MARK not in json.dumps(q.log_records(), default=str)
    assert await desk.other("KZ-71-M01").search(iin=iin) == []
