"""What the hospital side uses, built once by bootstrap."""

from __future__ import annotations

from dataclasses import dataclass

from services.queue.waiting_list.service_layer.book import LiveBook
from services.queue.waiting_list.service_layer.calendar import Calendar
from services.queue.waiting_list.service_layer.changes import EntryChanges
from services.queue.waiting_list.service_layer.dependencies import WaitingList
from shared.reference.registry import Registry


@dataclass(frozen=True)
class Hospital:
    waiting_list: WaitingList
    changes: EntryChanges
    book: LiveBook
    calendar: Calendar
    registry: Registry
    digest_key: bytes
