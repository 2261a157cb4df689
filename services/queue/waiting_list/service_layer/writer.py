"""Changing queue entries inside one transaction.

For each queue it touches, the writer first reserves the queue's next change
number (which serialises writers of that queue across replicas), waits until
this replica's book has applied every earlier change of the queue, and then
works against the book plus its own uncommitted changes: positions, the next
waiting entries, and the milestones reached are exact, and cost O(log n).
Each change also keeps the queue's bed ledger (beds occupied, beds booked per
day) current in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from services.queue.waiting_list.adapters import bed_ledger, notes, queue_log
from services.queue.waiting_list.adapters.collections import ENTRIES
from services.queue.waiting_list.adapters.entries import (
    MOVES_KEPT,
    from_document,
    mutable_fields,
    state_from_document,
    to_document,
)
from services.queue.waiting_list.domain import events
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.beds import (
    NO_HOLD,
    BedHold,
    hold_of,
    ledger_change,
)
from services.queue.waiting_list.domain.milestones import reached
from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.domain.movement import Movement, movement_kind
from services.queue.waiting_list.domain.ordering import epoch_ms, seq_of, unpack
from services.queue.waiting_list.domain.pace import Pace
from services.queue.waiting_list.domain.pending import PendingQueue
from services.queue.waiting_list.domain.queue_line import EntryState
from services.queue.waiting_list.service_layer.book import LiveBook
from services.queue.waiting_list.service_layer.calendar import Calendar
from shared.contracts import new_event
from shared.mongo_unit_of_work import MongoChange

PRODUCER = "queue"


class ConcurrentChange(Exception):
    """The entry changed under us (its version moved); retry the command."""


@dataclass(frozen=True)
class WriterRules:
    index_wait_s: float
    """How long a writer waits for the book to catch up with its queue."""
    milestones: tuple[int, ...]
    """The positions whose reaching the patient is told of."""


class QueueWriter:
    def __init__(
        self,
        tx: MongoChange,
        book: LiveBook,
        calendar: Calendar,
        pace: Pace,
        rules: WriterRules,
    ):
        self.tx = tx
        self.book = book
        self.now = calendar.now()
        self._today = calendar.today
        self._pace = pace
        self._rules = rules
        self._queues: dict[str, PendingQueue] = {}
        self._committed: list[tuple[EntryState, int, Movement | None]] = []

    async def entry(self, entry_id: str) -> QueueEntry | None:
        return await self._find({"_id": entry_id})

    async def entry_by_code(self, code: str) -> QueueEntry | None:
        return await self._find({"hospitalization_code": code})

    async def entry_by_referral(self, referral_id: str) -> QueueEntry | None:
        return await self._find({"referral_id": referral_id})

    async def waiting_head(self, queue_id: str, count: int) -> list[QueueEntry]:
        """The next ``count`` waiting entries of a queue, in order, as this
        transaction sees them (a pull schedules these)."""
        queue = await self._queue(queue_id)
        keys = queue.head(count)
        seqs = [seq_of(k) for k in keys]
        cursor = self.tx.db[ENTRIES].find(
            {"queue_id": queue_id, "seq": {"$in": seqs}}, session=self.tx.session
        )
        by_seq = {doc["seq"]: from_document(doc) async for doc in cursor}
        return [by_seq[s] for s in seqs if s in by_seq]

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
        window = self._pace.window(self.book, entry.queue_id, position, self._today())
        extra = {
            "position": position,
            "queue_length": queue.length() + 1,
            "estimated_admission": (
                {"earliest": window.earliest, "latest": window.latest}
                if window
                else None
            ),
        }
        await self._commit(queue, entry, change, extra, insert=True)
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
        await self._commit(queue, entry, change, {}, insert=False, data=data)

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
        await self._commit(queue, entry, change, {}, insert=True, data=data)

    async def finish(self) -> None:
        """Announce milestones reached, then release every queue touched."""
        for queue in self._queues.values():
            if queue.removed:
                await self._milestones(queue)
            await queue_log.release_queue(
                self.tx.db,
                self.tx.session,
                queue.queue_id,
                n=queue.n,
                seq=queue.seq,
                head_hash=queue.head_hash,
            )

    def apply_to(self, book: LiveBook) -> None:
        for state, n, move in self._committed:
            book.apply(state, n, move)

    async def _find(self, query: dict[str, Any]) -> QueueEntry | None:
        doc = await self.tx.db[ENTRIES].find_one(query, session=self.tx.session)
        return from_document(doc) if doc else None

    async def _queue(self, queue_id: str) -> PendingQueue:
        queue = self._queues.get(queue_id)
        if queue is None:
            doc = await queue_log.acquire_queue(
                self.tx.db, self.tx.session, queue_id, self.now
            )
            line = await self.book.wait_applied(
                queue_id, doc["n"] - 1, self._rules.index_wait_s
            )
            queue = self._queues[queue_id] = PendingQueue(
                queue_id=queue_id,
                n=doc["n"] - 1,
                seq=doc["seq"],
                head_hash=doc["head_hash"],
                line=line,
            )
        return queue

    async def _commit(
        self,
        queue: PendingQueue,
        entry: QueueEntry,
        change: events.EntryChanged,
        extra: dict[str, Any],
        *,
        insert: bool,
        data: dict[str, Any] | None = None,
    ) -> None:
        queue.n += 1
        n = queue.n
        key = entry.order_key
        kind = movement_kind(change.from_status, change.to_status, entry.priority)
        move = Movement(n, epoch_ms(change.at), kind, key) if kind else None
        if change.left_waiting:
            queue.leave(key)
        elif change.joined_waiting:
            queue.join(key)
        document = to_document(entry)
        document["log_n"] = n
        if insert:
            document["last_move"] = move.encode() if move else None
            document["moves"] = [move.encode()] if move else []
            await self.tx.db[ENTRIES].insert_one(document, session=self.tx.session)
            before = NO_HOLD
        else:
            before = await self._update(entry, document, n, move)
        beds = ledger_change(before, hold_of(entry.status, entry.scheduled_date))
        if not beds.empty:
            await bed_ledger.apply(self.tx.db, self.tx.session, queue.queue_id, beds)
        if data is None:
            data = event_data(entry, change, change.actor)
        envelope = new_event(change.event_type, {**data, **extra}, PRODUCER)
        self.tx.emit(envelope)
        record = log_record(entry, change, envelope.event_id, extra)
        queue.head_hash = await queue_log.append_record(
            self.tx.db, self.tx.session, queue.queue_id, n, queue.head_hash, record
        )
        if change.note:
            await notes.keep(
                self.tx.db, self.tx.session, queue.queue_id, n, entry.entry_id, change
            )
        self._committed.append((state_from_document(document, self.book.tz), n, move))

    async def _update(
        self,
        entry: QueueEntry,
        document: dict[str, Any],
        n: int,
        move: Movement | None,
    ) -> BedHold:
        """Write the entry's new state if its version is still the one it
        was read at; returns the bed it held before. (A read and an update,
        not findAndModify, which SecantusDB answers with a collection scan.)"""
        changes: dict[str, Any] = {"$set": {**mutable_fields(document), "log_n": n}}
        if move is not None:
            changes["$set"]["last_move"] = move.encode()
            changes["$push"] = {
                "moves": {"$each": [move.encode()], "$slice": -MOVES_KEPT}
            }
        current = {"_id": entry.entry_id, "version": entry.version - 1}
        before = await self.tx.db[ENTRIES].find_one(
            current,
            {"_id": 0, "status": 1, "scheduled_date": 1},
            session=self.tx.session,
        )
        result = await self.tx.db[ENTRIES].update_one(
            current, changes, session=self.tx.session
        )
        if before is None or result.matched_count != 1:
            raise ConcurrentChange(entry.entry_id)
        day = before.get("scheduled_date")
        return hold_of(before["status"], date.fromisoformat(day) if day else None)

    async def _milestones(self, queue: PendingQueue) -> None:
        milestones = self._rules.milestones
        head = queue.head(max(milestones))
        for found in reached(head, queue.position_before, milestones):
            doc = await self.tx.db[ENTRIES].find_one(
                {"queue_id": queue.queue_id, "seq": seq_of(found.key)},
                session=self.tx.session,
            )
            if doc is None:
                continue
            entry = from_document(doc)
            claimed = {
                m: await queue_log.claim_milestone(
                    self.tx.db, self.tx.session, entry.entry_id, m, self.now
                )
                for m in found.milestones
            }
            if claimed[found.announced]:
                data = {
                    **common_data(entry),
                    "actor": "system",
                    "reason_code": None,
                    "position": found.position,
                }
                self.tx.emit(new_event("queue.position_milestone", data, PRODUCER))


def common_data(entry: QueueEntry) -> dict[str, Any]:
    return {
        "entry_id": entry.entry_id,
        "referral_id": entry.referral_id,
        "hospitalization_code": entry.hospitalization_code,
        "queue_id": entry.queue_id,
        "facility_id": entry.facility_id,
        "referring_facility_id": entry.referring_facility_id,
        "version": entry.version,
        "status": entry.status.value,
    }


def event_data(
    entry: QueueEntry, change: events.EntryChanged, actor: Actor
) -> dict[str, Any]:
    """The event's data: codes and identifiers only, never the note."""
    return {
        **common_data(entry),
        "actor": str(actor),
        "reason_code": change.reason_code,
        **change.details(),
    }


def log_record(
    entry: QueueEntry,
    change: events.EntryChanged,
    event_id: str,
    extra: dict[str, Any],
) -> dict[str, Any]:
    """Who, why (the reason code; a note is kept apart, erasable), when,
    which entry (and its place in the order), which event. JSON values only,
    so the stored record hashes the same when read back."""
    order = unpack(entry.order_key)
    return {
        "at": change.at.isoformat(),
        "actor": str(change.actor),
        "reason_code": change.reason_code,
        "event_type": change.event_type,
        "event_id": event_id,
        "entry_id": entry.entry_id,
        "referral_id": entry.referral_id,
        "from_status": change.from_status,
        "to_status": change.to_status,
        "version": entry.version,
        "order": {
            "priority": order.priority,
            "registered_ms": order.registered_ms,
            "seq": order.seq,
        },
        "details": _json_safe({**change.details(), **extra}),
    }


def _json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value
