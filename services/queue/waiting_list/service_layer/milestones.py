"""Telling patients their entry reached a milestone position: once per
entry and milestone, in the transaction of the change that moved them."""

from __future__ import annotations

from datetime import datetime

from services.queue.waiting_list.domain.milestones import reached
from services.queue.waiting_list.domain.ordering import seq_of
from services.queue.waiting_list.domain.pending import PendingQueue
from services.queue.waiting_list.domain.records import PRODUCER, common_data
from services.queue.waiting_list.service_layer.unit_of_work import QueueChange
from shared.contracts import new_event


async def announce_milestones(
    change: QueueChange,
    queue: PendingQueue,
    milestones: tuple[int, ...],
    now: datetime,
) -> None:
    """Entries the change moved across a milestone: each claimed once, and
    the one nearest the head announced."""
    head = queue.head(max(milestones))
    for found in reached(head, queue.position_before, milestones):
        at_seq = await change.entries.by_seqs(queue.queue_id, [seq_of(found.key)])
        if not at_seq:
            continue
        entry = at_seq[0]
        claimed = {
            m: await change.milestones.claim(entry.entry_id, m, now)
            for m in found.milestones
        }
        if claimed[found.announced]:
            data = {
                **common_data(entry),
                "actor": "system",
                "reason_code": None,
                "position": found.position,
            }
            change.emit(new_event("queue.position_milestone", data, PRODUCER))
