"""What the guarantee's handlers and views use, built once by bootstrap."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from services.queue.settings import QueueSettings
from services.queue.waiting_list.domain.pace import Pace
from services.queue.waiting_list.service_layer.book import LiveBook
from services.queue.waiting_list.service_layer.calendar import Calendar
from services.queue.waiting_list.service_layer.dependencies import WaitingList
from services.queue.waiting_list.service_layer.unit_of_work import QueueChange
from shared.reference.registry import Registry
from shared.unit_of_work import UnitOfWork


@dataclass
class Guarantees:
    uow: UnitOfWork[QueueChange]
    book: LiveBook
    calendar: Calendar
    pace: Pace
    registry: Registry
    max_waits: Mapping[str, int]
    """MAX_WAIT_DAYS: the maximum wait in days by bed profile."""
    interval_s: float = 3600.0
    told: set[tuple[str, int, str]] = field(default_factory=set)
    """(queue, seq, level) this replica has seen told: the sweep loads only
    the entries newly flagged (the entry's own ``wait_told`` decides)."""
    told_on: date | None = None
    """The day ``told`` is of (it is forgotten each day)."""
    memo: dict[str, tuple[tuple[object, ...], list[object]]] = field(
        default_factory=dict
    )
    """Each guaranteed queue's flagged waiting entries, by stamp (``flags.py``)."""


def guarantees_of(
    waiting_list: WaitingList, registry: Registry, settings: QueueSettings
) -> Guarantees:
    """The guarantee's dependencies: the waiting list's book, pace and
    calendar, and MAX_WAIT_DAYS."""
    return Guarantees(
        waiting_list.uow,
        waiting_list.book,
        waiting_list.calendar,
        waiting_list.pace,
        registry,
        settings.max_waits,
        settings.wait_guarantee_interval_s,
    )
