"""One contract for every store of the notes kept beside the queue log:
each subclass only says how to build its adapter (in memory, or on the real
Mongo-wire server)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.events import EntryChanged
from services.queue.waiting_list.service_layer.unit_of_work import Notes, QueueChange

QUEUE = "KZ-75-H01:cardiology"
AT = datetime(2026, 3, 2, 9, 0, 0, 250000, tzinfo=UTC)
CLERK = Actor("hospital", "KZ-75-H01:clerk-1")


def noted(text: str, minutes: int = 0) -> EntryChanged:
    return EntryChanged(
        from_status="waiting",
        to_status="scheduled",
        actor=CLERK,
        at=AT + timedelta(minutes=minutes),
        note=text,
    )


class NotesContract:
    @pytest.fixture
    def notes(self) -> Notes:
        raise NotImplementedError

    async def test_an_entry_without_notes_has_none(self, notes):
        assert await notes.of_entry("e-1", QUEUE) == []
        assert await notes.of_log_records(QUEUE, []) == {}

    async def test_an_entrys_notes_are_read_oldest_first(self, notes):
        await notes.keep(QUEUE, 7, "e-1", noted("called twice", 5))
        await notes.keep(QUEUE, 3, "e-1", noted("asked to wait"))
        await notes.keep(QUEUE, 5, "e-2", noted("someone else"))
        assert await notes.of_entry("e-1", QUEUE) == [
            {"at": AT.isoformat(), "actor": str(CLERK), "note": "asked to wait"},
            {
                "at": (AT + timedelta(minutes=5)).isoformat(),
                "actor": str(CLERK),
                "note": "called twice",
            },
        ]

    async def test_notes_are_found_by_their_log_records(self, notes):
        await notes.keep(QUEUE, 3, "e-1", noted("asked to wait"))
        await notes.keep(QUEUE, 5, "e-2", noted("someone else"))
        await notes.keep("KZ-75-H01:neurology", 4, "e-3", noted("other queue"))
        assert await notes.of_log_records(QUEUE, [3, 4, 5, 6]) == {
            3: "asked to wait",
            5: "someone else",
        }

    async def test_the_notes_of_a_queue_an_entry_moved_from_stay_there(self, notes):
        await notes.keep("KZ-71-H01:cardiology", 9, "e-1", noted("other hospital"))
        await notes.keep(QUEUE, 2, "e-1", noted("asked to wait"))
        [here] = await notes.of_entry("e-1", QUEUE)
        assert here["note"] == "asked to wait"
        [there] = await notes.of_entry("e-1", "KZ-71-H01:cardiology")
        assert there["note"] == "other hospital"


class TestMemoryNotes(NotesContract):
    @pytest.fixture
    def notes(self, memory_change: QueueChange) -> Notes:
        return memory_change.notes


class TestMongoNotes(NotesContract):
    @pytest.fixture
    def notes(self, mongo_change: QueueChange) -> Notes:
        return mongo_change.notes
