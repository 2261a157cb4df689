"""Changing queue entries inside one transaction.

For each queue it touches, the writer first reserves the queue's next change
number (which serialises writers of that queue across replicas), waits until
this replica's book has applied every earlier change of the queue, and then
works against the book plus its own uncommitted changes: positions, the next
waiting entries, and the milestones reached are exact, and cost O(log n).
Each change also keeps the queue's bed ledger (beds occupied, beds booked per
day) current in the same transaction (``entry_records.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.queue.waiting_list.domain import events
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.entry_state import entry_state
from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.domain.movement import (
    Departure,
    Movement,
    movement_kind,
    reorder_movement,
)
from services.queue.waiting_list.domain.ordering import epoch_ms, seq_of
from services.queue.waiting_list.domain.pace import Pace
from services.queue.waiting_list.domain.pending import PendingQueue
from services.queue.waiting_list.domain.queue_line import EntryState
from services.queue.waiting_list.domain.records import (
    PRODUCER,
    event_data,
    log_record,
)
from services.queue.waiting_list.service_layer.book import LiveBook
from services.queue.waiting_list.service_layer.calendar import Calendar
from services.queue.waiting_list.service_layer.entry_records import (
    append_record,
    store_entry,
)
from services.queue.waiting_list.service_layer.milestones import announce_milestones
from services.queue.waiting_list.service_layer.standing import standing
from services.queue.waiting_list.service_layer.unit_of_work import QueueChange
from shared.contracts import new_event

Committed = tuple[EntryState, int, Movement | None, Departure | None]
"""What the book applies of one committed change (``QueueBook.apply``)."""


@dataclass(frozen=True)
class WriterRules:
    index_wait_s: float
    """How long a writer waits for the book to catch up with its queue."""
    milestones: tuple[int, ...]
    """The positions whose reaching the patient is told of."""


class QueueWriter:
    def __init__(
        self,
        change: QueueChange,
        book: LiveBook,
        calendar: Calendar,
        pace: Pace,
        rules: WriterRules,
    ):
        self.change = change
        self.book = book
        self.now = calendar.now()
        self.today = calendar.today
        self.pace = pace
        self._rules = rules
        self._queues: dict[str, PendingQueue] = {}
        self._committed: list[Committed] = []

    async def entry(self, entry_id: str) -> QueueEntry | None:
        return await self.change.entries.get(entry_id)

    async def entry_by_code(self, code: str) -> QueueEntry | None:
        return await self.change.entries.by_code(code)

    async def entry_by_referral(self, referral_id: str) -> QueueEntry | None:
        return await self.change.entries.by_referral(referral_id)

    async def waiting_head(self, queue_id: str, count: int) -> list[QueueEntry]:
        """The next ``count`` waiting entries of a queue, in order, as this
        transaction sees them (a pull schedules these)."""
        queue = await self._queue(queue_id)
        seqs = [seq_of(k) for k in queue.head(count)]
        return await self.change.entries.by_seqs(queue_id, seqs)

    async def position(self, entry: QueueEntry) -> int | None:
        if entry.status != "waiting":
            return None
        queue = await self._queue(entry.queue_id)
        return queue.rank(entry.order_key) + 1

    async def place(self, entry: QueueEntry) -> events.EntryPlaced:
        """Place a new entry at its place in its queue."""
        queue = await self._queue(entry.queue_id)
        queue.seq += 1
        change = entry.place(queue.seq, self.now)
        position = queue.rank(entry.order_key) + 1
        extra = standing(self, entry.queue_id, position, queue.length() + 1)
        data = event_data(entry, change, change.actor)
        await self._commit(queue, entry, change, {**data, **extra}, extra, True)
        return change

    async def record(
        self,
        entry: QueueEntry,
        change: events.EntryChanged,
        announced_actor: Actor | None = None,
    ) -> None:
        """Persist a transition the entry just made (``entry.schedule(...)``
        and the like), with its log record (the change's actor), its note
        and its event (``announced_actor`` if given, else the change's)."""
        queue = await self._queue(entry.queue_id)
        data = event_data(entry, change, announced_actor or change.actor)
        await self._commit(queue, entry, change, data, {}, False)

    async def reorder(self, entry: QueueEntry, change: events.EntryReordered) -> None:
        """Persist a new priority: a waiting entry leaves its old key and
        takes its new one (only the entries between move); its event says
        where it stands now, as a placement's does."""
        queue = await self._queue(entry.queue_id)
        waiting = change.to_status == "waiting"
        if waiting:
            queue.leave(change.from_key)
            queue.join(entry.order_key)
        position = queue.rank(entry.order_key) + 1 if waiting else None
        extra = standing(self, entry.queue_id, position, queue.length())
        data = {**event_data(entry, change, change.actor), **extra}
        moved = change.from_key if waiting else None
        await self._commit(queue, entry, change, data, extra, False, moved)

    async def next_seq(self, queue_id: str) -> int:
        """Reserve the queue's next sequence number (for an entry made here)."""
        queue = await self._queue(queue_id)
        queue.seq += 1
        return queue.seq

    async def insert(
        self, entry: QueueEntry, change: events.EntryChanged, data: dict[str, Any]
    ) -> None:
        """Store an entry that never waited (an emergency admission), with
        its log record and its event carrying ``data``."""
        queue = await self._queue(entry.queue_id)
        await self._commit(queue, entry, change, data, {}, True)

    async def finish(self) -> None:
        """Announce milestones reached, then release every queue touched."""
        for queue in self._queues.values():
            if queue.removed:
                await announce_milestones(
                    self.change, queue, self._rules.milestones, self.now
                )
            await self.change.queue_log.release(
                queue.queue_id,
                n=queue.n,
                seq=queue.seq,
                head_hash=queue.head_hash,
            )

    async def queues(self, *queue_ids: str) -> list[PendingQueue]:
        """The queues, taken in one order (two transactions that each take
        the same two never wait for each other), given in the order asked."""
        for name in sorted(queue_ids):
            await self._queue(name)
        return [self._queues[name] for name in queue_ids]

    def committed(
        self,
        entry: QueueEntry,
        n: int,
        move: Movement | None,
        departure: Departure | None = None,
    ) -> None:
        """For the book to apply once the transaction commits."""
        state = entry_state(entry, self.book.tz)
        self._committed.append((state, n, move, departure))

    def apply_to(self, book: LiveBook) -> None:
        for state, n, move, departure in self._committed:
            book.apply(state, n, move, departure)

    async def _queue(self, queue_id: str) -> PendingQueue:
        queue = self._queues.get(queue_id)
        if queue is None:
            head = await self.change.queue_log.acquire(queue_id, self.now)
            line = await self.book.wait_applied(
                queue_id, head.n - 1, self._rules.index_wait_s
            )
            queue = self._queues[queue_id] = PendingQueue(
                queue_id=queue_id,
                n=head.n - 1,
                seq=head.seq,
                head_hash=head.head_hash,
                line=line,
            )
        return queue

    async def _commit(
        self,
        queue: PendingQueue,
        entry: QueueEntry,
        change: events.EntryChanged,
        data: dict[str, Any],
        extra: dict[str, Any],
        insert: bool,
        reordered_from: int | None = None,
    ) -> None:
        """Store the entry's change and keep its bed ledger, then emit the
        event carrying ``data`` and append the log record (``extra`` is
        what the placement or the reorder adds to both; a waiting entry's
        reorder moves from the key ``reordered_from``)."""
        queue.n += 1
        n, key = queue.n, entry.order_key
        kind = movement_kind(change.from_status, change.to_status, entry.priority)
        move = Movement(n, epoch_ms(change.at), kind, key) if kind else None
        if reordered_from is not None:
            move = reorder_movement(n, epoch_ms(change.at), reordered_from, key)
        if change.left_waiting:
            queue.leave(key)
        elif change.joined_waiting:
            queue.join(key)
        await store_entry(self.change, queue.queue_id, entry, n, move, insert)
        envelope = new_event(change.event_type, data, PRODUCER)
        self.change.emit(envelope)
        record = log_record(entry, change, envelope.event_id, extra)
        await append_record(self.change, queue, entry, change, record)
        self.committed(entry, n, move)
