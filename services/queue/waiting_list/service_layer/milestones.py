"""Telling patients their entry reached a milestone position: once per
entry and milestone, in the transaction of the change that moved them."""

from __future__ import annotations

from datetime import datetime

from services.queue.waiting_list.adapters import entry_writes
from services.queue.waiting_list.adapters.mongo_queue_change import MongoQueueChange
from services.queue.waiting_list.domain.milestones import reached
from services.queue.waiting_list.domain.ordering import seq_of
from services.queue.waiting_list.domain.pending import PendingQueue
from services.queue.waiting_list.domain.records import PRODUCER, common_data
from shared.contracts import new_event


async def announce_milestones(
    tx: MongoQueueChange,
    queue: PendingQueue,
    milestones: tuple[int, ...],
    now: datetime,
) -> None:
    """Entries the change moved across a milestone: each claimed once, and
    the one nearest the head announced."""
    db, session = tx.db, tx.session
    head = queue.head(max(milestones))
    for found in reached(head, queue.position_before, milestones):
        entry = await entry_writes.find_by_seq(
            db, session, queue.queue_id, seq_of(found.key)
        )
        if entry is None:
            continue
        claimed = {
            m: await tx.milestones.claim(entry.entry_id, m, now)
            for m in found.milestones
        }
        if claimed[found.announced]:
            data = {
                **common_data(entry),
                "actor": "system",
                "reason_code": None,
                "position": found.position,
            }
            tx.emit(new_event("queue.position_milestone", data, PRODUCER))
