"""One contract for every store of what clerks look up among their own
hospital's entries (who is in a bed, a patient's entries): each subclass
only says how to build its adapter. On Mongo, each question is answered
from an index, never a scan of every entry."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from services.queue.waiting_list.adapters.collections import ENTRIES
from services.queue.waiting_list.adapters.mongo_facility_entries import (
    EARLIEST_ADMITTED,
    NEWEST_FIRST,
    in_beds,
    patient_at,
)
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.service_layer.ports import FacilityEntries
from services.queue.waiting_list.service_layer.unit_of_work import QueueChange
from tests.unit.queue.builders import T0, entry

CLERK = Actor("hospital", "KZ-75-M01:clerk-1")
PSYCHIATRY, NARCOLOGY = "KZ-75-M01:psychiatry", "KZ-75-M01:narcology"


def admitted(seq: int, hours: int, profile: str = "psychiatry") -> QueueEntry:
    """An entry admitted ``hours`` after T0."""
    made = entry(placed_seq=seq)
    made.bed_profile = profile
    made.schedule(T0.date(), CLERK, T0)
    made.admit(CLERK, T0 + timedelta(hours=hours))
    return made


async def stored(change: QueueChange, *entries: QueueEntry) -> None:
    for n, kept in enumerate(entries, start=1):
        await change.entries.add(kept, n, None)


class FacilityEntriesContract:
    @pytest.fixture
    def change(self) -> QueueChange:
        raise NotImplementedError

    @pytest.fixture
    def facility(self, change: QueueChange) -> FacilityEntries:
        return change.facility_entries

    async def test_nobody_is_in_a_bed_of_an_untouched_queue(self, facility):
        assert await facility.admitted([PSYCHIATRY], 0, 10) == []

    async def test_the_admitted_come_earliest_first_from_every_queue_asked(
        self, change, facility
    ):
        late, early = admitted(1, 30), admitted(2, 5)
        narcology = admitted(3, 10, "narcology")
        discharged = admitted(4, 1)
        discharged.discharge(CLERK, T0 + timedelta(hours=40))
        waiting = entry(placed_seq=5)
        await stored(change, late, early, narcology, discharged, waiting)

        both = await facility.admitted([PSYCHIATRY, NARCOLOGY], 0, 10)

        assert both == [early, narcology, late]
        assert await facility.admitted([PSYCHIATRY], 0, 10) == [early, late]
        assert await facility.admitted(["KZ-71-M01:psychiatry"], 0, 10) == []

    async def test_the_admitted_are_paged(self, change, facility):
        beds = [admitted(n, n) for n in range(1, 6)]
        await stored(change, *beds)
        pages = [await facility.admitted([PSYCHIATRY], skip, 2) for skip in (0, 2, 4)]
        assert pages == [beds[0:2], beds[2:4], beds[4:5]]

    async def test_a_patients_entries_here_come_newest_first(self, change, facility):
        older, newer = entry(placed_seq=1), entry(placed_seq=2)
        newer.registered_at = older.registered_at + timedelta(days=3)
        elsewhere, someone_else = entry(placed_seq=3), entry(placed_seq=4)
        elsewhere.facility_id = "KZ-71-M01"
        someone_else.iin_digest = "11" * 32
        await stored(change, older, newer, elsewhere, someone_else)

        found = await facility.of_patient("KZ-75-M01", older.iin_digest)

        assert found == [newer, older]
        assert await facility.of_patient("KZ-75-N01", older.iin_digest) == []


class TestMemoryFacilityEntries(FacilityEntriesContract):
    @pytest.fixture
    def change(self, memory_change: QueueChange) -> QueueChange:
        return memory_change


class TestMongoFacilityEntries(FacilityEntriesContract):
    @pytest.fixture
    def change(self, mongo_change: QueueChange) -> QueueChange:
        return mongo_change

    async def test_each_question_is_answered_from_an_index(self, change, mongo_db):
        await stored(change, admitted(1, 1), admitted(2, 2, "narcology"))
        questions = (
            (in_beds([PSYCHIATRY, NARCOLOGY]), EARLIEST_ADMITTED),
            (patient_at("KZ-75-M01", "00" * 32), NEWEST_FIRST),
        )
        for query, sort in questions:
            plan = await explained(mongo_db, query, dict(sort))
            assert "IXSCAN" in stages(plan) and "COLLSCAN" not in stages(plan)


async def explained(
    db: Any, query: dict[str, Any], sort: dict[str, int]
) -> dict[str, Any]:
    find = {"find": ENTRIES, "filter": query, "sort": sort}
    answer = await db.command("explain", find)
    return answer["queryPlanner"]["winningPlan"]


def stages(plan: dict[str, Any]) -> set[str]:
    found = {plan.get("stage", "")}
    for key in ("inputStage", "queryPlan"):
        if isinstance(plan.get(key), dict):
            found |= stages(plan[key])
    for child in plan.get("inputStages", ()):
        found |= stages(child)
    return found
