"""The unit of work in memory, for unit tests of a service layer.

Its repositories keep their records in one :class:`MemoryStore`. Units of
work run one at a time (a lock: serialisable, as a transaction would be);
before each the store is copied, and if the work raises the copy is put
back, so a failed change leaves nothing behind, as a rolled-back
transaction would."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from shared.contracts.envelope import Envelope
from shared.messaging.consumer import AlreadyProcessed
from shared.unit_of_work import ChangeT, UnitOfWork

T = TypeVar("T")


@dataclass
class MemoryStore:
    """Every in-memory repository's records, by collection and key; the
    events committed to the outbox; the ids of handled events."""

    collections: dict[str, dict[Any, Any]] = field(default_factory=dict)
    outbox: list[Envelope] = field(default_factory=list)
    handled: set[str] = field(default_factory=set)

    def collection(self, name: str) -> dict[Any, Any]:
        return self.collections.setdefault(name, {})

    def restore(self, saved: MemoryStore) -> None:
        """Put ``saved``'s records back in place (repositories keep
        references to the collections' dicts)."""
        for name, records in self.collections.items():
            records.clear()
            records.update(saved.collections.get(name, {}))
        for name, records in saved.collections.items():
            self.collections.setdefault(name, records)
        self.outbox[:] = saved.outbox
        self.handled.clear()
        self.handled.update(saved.handled)


class MemoryUnitOfWork(UnitOfWork[ChangeT]):
    def __init__(
        self, begin: Callable[[MemoryStore], ChangeT], store: MemoryStore | None = None
    ):
        self.begin = begin
        self.store = store if store is not None else MemoryStore()
        self.commits = 0
        self._lock = asyncio.Lock()

    async def run(
        self,
        work: Callable[[ChangeT], Awaitable[T]],
        *,
        handled_event_id: str | None = None,
    ) -> T:
        async with self._lock:
            saved = copy.deepcopy(self.store)
            try:
                if handled_event_id is not None:
                    if handled_event_id in self.store.handled:
                        raise AlreadyProcessed(handled_event_id)
                    self.store.handled.add(handled_event_id)
                change = self.begin(self.store)
                result = await work(change)
                self.store.outbox.extend(change.events)
            except BaseException:
                self.store.restore(saved)
                raise
            self.commits += 1
            return result

    def reader(self) -> ChangeT:
        return self.begin(self.store)
