"""What the queue's unit tests read off a :class:`MemoryQueue`: positions in
its book, its calendar's day, the entries' stored records and the queues'
counters."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.queue.waiting_list.adapters.collections import QUEUE_LOG, QUEUES
from tests.queue_builders import Placed
from tests.unit.queue.memory_queue import MemoryQueue


def positions(queue: MemoryQueue, placed: list[Placed]) -> list[int | None]:
    return [queue.book.position(queue.book.get(p.code)) for p in placed]


def today(queue: MemoryQueue) -> date:
    return queue.waiting_list.calendar.today()


def stored_queue(queue: MemoryQueue, queue_id: str) -> dict[str, Any]:
    """The queue's stored counters (``n``, ``seq``, ``head_hash``)."""
    return dict(queue.store.collection(QUEUES)[queue_id])


def logged(queue: MemoryQueue) -> list[dict[str, Any]]:
    """The queue log's stored documents (``n``, ``prev_hash``, ``hash``,
    ``record``), of every queue, each queue's in order."""
    documents = queue.store.collection(QUEUE_LOG).values()
    return sorted(documents, key=lambda doc: (doc["queue_id"], doc["n"]))


def entries_of(queue: MemoryQueue, **match: Any) -> list[dict[str, Any]]:
    """The stored entries' records that have every field of ``match``."""
    return [
        record
        for record in queue.entries().values()
        if all(record.get(k) == v for k, v in match.items())
    ]
