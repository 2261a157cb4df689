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
        assert await notes.of_entry("e-1") == []
        assert await notes.of_log_records(QUEUE, []) == {}

    async def test_an_entrys_notes_are_read_oldest_first(self, notes):
        await notes.keep(QUEUE, 7, "e-1", noted("called twice", 5))
        await notes.keep(QUEUE, 3, "e-1", noted("asked to wait"))
        await notes.keep(QUEUE, 5, "e-2", noted("someone else"))
        assert await notes.of_entry("e-1") == [
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


class TestMemoryNotes(NotesContract):
    @pytest.fixture
    def notes(self, memory_change: QueueChange) -> Notes:
        return memory_change.notes


class TestMongoNotes(NotesContract):
    @pytest.fixture
    def notes(self, mongo_change: QueueChange) -> Notes:
        return mongo_change.notes
