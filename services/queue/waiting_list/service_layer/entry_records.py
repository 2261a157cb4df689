"""What a change of an entry leaves in the store besides its event, inside
the writer's transaction: the entry itself and the queue's bed ledger it
moves (beds occupied, beds booked per day), and its record in the queue's
signed log with the note kept beside it."""

from __future__ import annotations

from typing import Any

from services.queue.waiting_list.domain import events
from services.queue.waiting_list.domain.beds import NO_HOLD, hold_of, ledger_change
from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.domain.movement import Movement
from services.queue.waiting_list.domain.pending import PendingQueue
from services.queue.waiting_list.service_layer.unit_of_work import QueueChange


async def store_entry(
    change: QueueChange,
    queue_id: str,
    entry: QueueEntry,
    log_n: int,
    move: Movement | None,
    insert: bool,
) -> None:
    if insert:
        await change.entries.add(entry, log_n, move)
        before = NO_HOLD
    else:
        before = await change.entries.save(entry, log_n, move)
    beds = ledger_change(before, hold_of(entry.status, entry.scheduled_date))
    if not beds.empty:
        await change.bed_ledger.apply(queue_id, beds)


async def append_record(
    change: QueueChange,
    queue: PendingQueue,
    entry: QueueEntry,
    entry_change: events.EntryChanged,
    record: dict[str, Any],
) -> None:
    """Append the change's log record (as the queue's next, ``queue.n``),
    and keep its note beside it."""
    queue.head_hash = await change.queue_log.append(
        queue.queue_id, queue.n, queue.head_hash, record
    )
    if entry_change.note:
        await change.notes.keep(queue.queue_id, queue.n, entry.entry_id, entry_change)
