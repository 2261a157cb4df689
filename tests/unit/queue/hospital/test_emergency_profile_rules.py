"""An emergency admission takes only a patient the hospital's beds of the
profile admit (the registry's age range and sex, read from the IIN on the
bureau's today in its time zone); anyone else is refused with the rule in
words, and nothing is written: no admission, no closing, no event."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime

import pytest

from services.queue.hospital.service_layer.emergencies import PatientDoesNotFit
from services.queue.waiting_list.adapters.collections import EMERGENCY_ADMISSIONS
from tests.factories import iin_aged, iin_of
from tests.queue_builders import ELSEWHERE, Clock
from tests.unit.queue.hospital.desk import Desk, today
from tests.unit.queue.memory_queue import MemoryQueue, memory_queue

ALMATY_2_NOVEMBER = datetime(2026, 11, 1, 20, 0, tzinfo=UTC)
"""01:00 on 2 November in Almaty, still 1 November in UTC."""
CHILDRENS_HOSPITAL = "KZ-75-H02"


def stored(q: MemoryQueue) -> object:
    return copy.deepcopy(
        (q.entries(), q.store.collection(EMERGENCY_ADMISSIONS), q.store.outbox)
    )


async def refused(q: MemoryQueue, desk: Desk, iin: str, profile: str) -> str:
    before = stored(q)
    with pytest.raises(PatientDoesNotFit) as refusal:
        await desk.admitted(iin, profile=profile)
    assert stored(q) == before
    assert iin not in str(refusal.value)
    return str(refusal.value)


async def test_a_child_is_refused_adult_psychiatry_and_keeps_their_entry_elsewhere(
    q, desk
):
    child = iin_aged(16, today(q))
    placed = await q.place(iin=child, queue=(ELSEWHERE, "psychiatry"))
    message = await refused(q, desk, child, "psychiatry")
    assert message == (
        "This bed profile admits patients aged 18 and over at this hospital; "
        "this patient is 16."
    )
    assert q.entries()[placed.entry_id]["status"] == "waiting"


async def test_the_age_counts_on_the_bureaus_today_in_its_time_zone():
    q = memory_queue(Clock(ALMATY_2_NOVEMBER))
    desk = Desk(q)
    assert today(q) == date(2026, 11, 2)
    message = await refused(q, desk, iin_of(date(2008, 11, 3)), "psychiatry")
    assert message.endswith("this patient is 17.")
    answer = await desk.admitted(iin_of(date(2008, 11, 2)))
    assert answer.status == 201


async def test_a_childrens_hospital_admits_children_and_refuses_adults(q):
    desk = Desk(q, CHILDRENS_HOSPITAL)
    child = iin_aged(7, today(q), "female")
    answer = await desk.admitted(child, "J18.9", profile="pediatrics")
    assert answer.status == 201
    message = await refused(q, desk, iin_aged(30, today(q)), "surgery")
    assert "admits patients under 18" in message and message.endswith("is 30.")


async def test_gynecology_refuses_a_man(q):
    desk = Desk(q, "KZ-75-H01")
    message = await refused(q, desk, iin_aged(35, today(q), "male"), "gynecology")
    assert message == ("This bed profile admits only female patients at this hospital.")
    woman = iin_aged(35, today(q), "female")
    assert (await desk.admitted(woman, "N83.2", profile="gynecology")).status == 201
