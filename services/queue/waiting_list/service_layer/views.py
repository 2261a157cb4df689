"""What admins read: a page of a queue's hash-chained log, with the chain
verified end to end and each record's note beside it (outside the hashed
record: a note can be erased, a record cannot)."""

from __future__ import annotations

from typing import Any

from services.queue.waiting_list.service_layer.unit_of_work import (
    LoggedRecord,
    QueueChange,
)
from shared.unit_of_work import UnitOfWork


async def queue_log_page(
    uow: UnitOfWork[QueueChange], queue_id: str, after: int, limit: int
) -> dict[str, Any] | None:
    """At most ``limit`` records after record ``after``; None for a queue
    never changed."""
    reader = uow.reader()
    queue = await reader.queue_log.head(queue_id)
    if queue is None:
        return None
    verification = await reader.queue_log.verify(queue_id, queue.head_hash, queue.n)
    records = await reader.queue_log.records(queue_id, after, limit)
    noted = await reader.notes.of_log_records(queue_id, [r.n for r in records])
    return {
        "queue_id": queue_id,
        "length": queue.n,
        "head_hash": queue.head_hash,
        "verification": {
            "intact": verification.intact,
            "checked": verification.checked,
            "first_broken": verification.first_broken,
            "problem": verification.problem,
        },
        "records": [logged(r, noted.get(r.n)) for r in records],
    }


def logged(record: LoggedRecord, note: str | None) -> dict[str, Any]:
    return {
        "n": record.n,
        "prev_hash": record.prev_hash,
        "hash": record.hash,
        "record": record.record,
        "note": note,
    }
