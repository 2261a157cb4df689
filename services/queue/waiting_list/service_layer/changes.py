"""The one way to change queue entries: ``EntryChanges.run`` gives the work a
:class:`QueueWriter` inside one transaction, then applies what committed to
this replica's book. (The expiry reminder and the lookup's notices change no
entry: they only emit events, through the unit of work directly.)"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from services.queue.waiting_list.domain.pace import Pace
from services.queue.waiting_list.service_layer.book import LiveBook
from services.queue.waiting_list.service_layer.calendar import Calendar
from services.queue.waiting_list.service_layer.unit_of_work import QueueChange
from services.queue.waiting_list.service_layer.writer import QueueWriter, WriterRules
from shared.unit_of_work import UnitOfWork

T = TypeVar("T")


@dataclass(frozen=True)
class EntryChanges:
    uow: UnitOfWork[QueueChange]
    book: LiveBook
    calendar: Calendar
    pace: Pace
    rules: WriterRules

    async def run(
        self,
        work: Callable[[QueueWriter], Awaitable[T]],
        *,
        handled_event_id: str | None = None,
    ) -> T:
        """Run ``work`` in one transaction (the change, its log records,
        milestones and outgoing events commit together), then apply what
        committed to this replica's book at once."""
        last: list[QueueWriter] = []

        async def attempt(change: QueueChange) -> T:
            writer = QueueWriter(
                change, self.book, self.calendar, self.pace, self.rules
            )
            last[:] = [writer]
            result = await work(writer)
            await writer.finish()
            return result

        result = await self.uow.run(attempt, handled_event_id=handled_event_id)
        last[0].apply_to(self.book)
        return result
