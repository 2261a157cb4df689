"""What the waiting list's handlers use, built once by bootstrap."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.queue.waiting_list.domain.lapsing import window_end
from services.queue.waiting_list.domain.pace import Pace
from services.queue.waiting_list.service_layer.book import LiveBook
from services.queue.waiting_list.service_layer.calendar import Calendar
from services.queue.waiting_list.service_layer.changes import EntryChanges
from services.queue.waiting_list.service_layer.unit_of_work import QueueChange
from shared.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class ExpiryRules:
    warning_days: int
    """A reminder goes out this many days before a referral lapses."""
    reinstate_days: int
    """An expired entry can be reinstated at its place this many days."""
    retention_days: int
    """Closed entries stay in the book (for lookups) this many days."""
    window_days: int
    """The admission counts the pace reads (older ones are pruned)."""
    interval_s: float

    def reinstatable_until(self, today: date) -> date:
        """The last day a closure made ``today`` can be undone."""
        return window_end(today, self.reinstate_days)


@dataclass(frozen=True)
class WaitingList:
    changes: EntryChanges
    uow: UnitOfWork[QueueChange]
    book: LiveBook
    calendar: Calendar
    pace: Pace
    expiry: ExpiryRules
    digest_key: bytes
