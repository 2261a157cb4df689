"""The in-memory unit of work keeps the port's promises: all or nothing,
events committed with the writes, a handled event refused the second time."""

from __future__ import annotations

import pytest

from shared.contracts import Envelope
from shared.memory_unit_of_work import MemoryStore, MemoryUnitOfWork
from shared.messaging.consumer import AlreadyProcessed
from shared.unit_of_work import Change


class NotesChange(Change):
    def __init__(self, store: MemoryStore) -> None:
        super().__init__()
        self.notes = store.collection("notes")


def unit_of_work() -> MemoryUnitOfWork[NotesChange]:
    return MemoryUnitOfWork(NotesChange)


def noted() -> Envelope:
    return Envelope(event_type="test.noted", data={"n": 1}, producer="test")


async def test_a_change_commits_its_writes_and_events_together() -> None:
    uow = unit_of_work()

    async def work(change: NotesChange) -> str:
        change.notes["a"] = 1
        change.emit(noted())
        return "done"

    assert await uow.run(work) == "done"
    assert uow.reader().notes == {"a": 1}
    assert [e.event_type for e in uow.store.outbox] == ["test.noted"]


async def test_a_change_that_raises_leaves_nothing_behind() -> None:
    uow = unit_of_work()

    async def first(change: NotesChange) -> None:
        change.notes["kept"] = 1

    async def failing(change: NotesChange) -> None:
        change.notes["kept"] = 2
        change.notes["lost"] = 3
        change.emit(noted())
        raise ValueError("no")

    await uow.run(first)
    reader = uow.reader()
    with pytest.raises(ValueError):
        await uow.run(failing, handled_event_id="e1")
    assert reader.notes == {"kept": 1}
    assert uow.store.outbox == []
    assert uow.store.handled == set()


async def test_a_handled_event_is_refused_the_second_time() -> None:
    uow = unit_of_work()

    async def work(change: NotesChange) -> None:
        change.notes["n"] = change.notes.get("n", 0) + 1

    await uow.run(work, handled_event_id="e1")
    with pytest.raises(AlreadyProcessed):
        await uow.run(work, handled_event_id="e1")
    assert uow.reader().notes == {"n": 1}
