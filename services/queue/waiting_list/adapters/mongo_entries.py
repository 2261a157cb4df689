"""Reading and writing queue entries in MongoDB inside a transaction (the
session is the transaction's)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from services.queue.waiting_list.adapters.collections import ENTRIES
from services.queue.waiting_list.adapters.entries import (
    MOVES_KEPT,
    from_document,
    mutable_fields,
    relocated_fields,
    to_document,
)
from services.queue.waiting_list.domain.beds import BedHold, hold_of
from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.domain.movement import Departure, Movement
from services.queue.waiting_list.service_layer.unit_of_work import (
    ConcurrentChange,
    Entries,
)
from shared.mongo import Document

WITHOUT_MOVES = {"moves": 0, "last_move": 0}
"""A projection for lists: an entry's last moves matter only to its own
lookup."""


class MongoEntries(Entries):
    def __init__(self, db: AsyncDatabase[Document], session: AsyncClientSession | None):
        self._entries = db[ENTRIES]
        self._session = session

    async def get(self, entry_id: str) -> QueueEntry | None:
        return await self._find({"_id": entry_id})

    async def by_code(self, code: str) -> QueueEntry | None:
        return await self._find({"hospitalization_code": code})

    async def by_referral(self, referral_id: str) -> QueueEntry | None:
        return await self._find({"referral_id": referral_id})

    async def by_referrals(self, referral_ids: list[str]) -> list[QueueEntry]:
        cursor = self._entries.find(
            {"referral_id": {"$in": referral_ids}},
            WITHOUT_MOVES,
            session=self._session,
        )
        return [from_document(doc) async for doc in cursor]

    async def mark_reminded(self, entry: QueueEntry) -> None:
        await self._entries.update_one(
            {"_id": entry.entry_id, "version": entry.version},
            {"$set": {"expiry_reminded": True}},
            session=self._session,
        )

    async def mark_wait_told(self, entry: QueueEntry, level: str) -> None:
        await self._entries.update_one(
            {"_id": entry.entry_id, "version": entry.version},
            {"$set": {"wait_told": level}},
            session=self._session,
        )

    async def admitted_in(self, queue_id: str, iin_digest: str) -> str | None:
        here = await self._entries.find_one(
            {"iin_digest": iin_digest, "queue_id": queue_id, "status": "admitted"},
            {"_id": 1},
            session=self._session,
        )
        return None if here is None else str(here["_id"])

    async def open_of_patient(
        self, iin_digest: str, bed_profile: str, statuses: list[str]
    ) -> dict[str, str]:
        cursor = self._entries.find(
            {
                "iin_digest": iin_digest,
                "bed_profile": bed_profile,
                "status": {"$in": statuses},
            },
            {"_id": 1, "status": 1},
            session=self._session,
        )
        return {doc["_id"]: doc["status"] async for doc in cursor}

    async def by_seqs(self, queue_id: str, seqs: list[int]) -> list[QueueEntry]:
        cursor = self._entries.find(
            {"queue_id": queue_id, "seq": {"$in": seqs}}, session=self._session
        )
        by_seq = {doc["seq"]: from_document(doc) async for doc in cursor}
        return [by_seq[s] for s in seqs if s in by_seq]

    async def scheduled_on(self, queue_id: str, day: date) -> list[QueueEntry]:
        query = {
            "queue_id": queue_id,
            "status": "scheduled",
            "scheduled_date": day.isoformat(),
        }
        cursor = self._entries.find(query, WITHOUT_MOVES, session=self._session)
        found = [from_document(doc) async for doc in cursor]
        return sorted(found, key=lambda entry: entry.order_key)

    async def reminder_due(self, first: date, last: date) -> list[str]:
        return await self._ids(
            {
                "status": "waiting",
                "valid_until": {"$gte": first.isoformat(), "$lte": last.isoformat()},
                "expiry_reminded": False,
            }
        )

    async def lapsed(self, today: date) -> list[str]:
        return await self._ids(
            {"status": "waiting", "valid_until": {"$lt": today.isoformat()}}
        )

    async def add(self, entry: QueueEntry, log_n: int, move: Movement | None) -> None:
        document = {**to_document(entry), "log_n": log_n}
        document["last_move"] = move.encode() if move else None
        document["moves"] = [move.encode()] if move else []
        await self._entries.insert_one(document, session=self._session)

    async def save(
        self, entry: QueueEntry, log_n: int, move: Movement | None
    ) -> BedHold:
        """A read and an update, not findAndModify, which SecantusDB answers
        with a collection scan."""
        changes: dict[str, Any] = {
            "$set": {**mutable_fields(to_document(entry)), "log_n": log_n}
        }
        if move is not None:
            changes["$set"]["last_move"] = move.encode()
            changes["$push"] = {
                "moves": {"$each": [move.encode()], "$slice": -MOVES_KEPT}
            }
        current = {"_id": entry.entry_id, "version": entry.version - 1}
        before = await self._entries.find_one(
            current, {"_id": 0, "status": 1, "scheduled_date": 1}, session=self._session
        )
        result = await self._entries.update_one(current, changes, session=self._session)
        if before is None or result.matched_count != 1:
            raise ConcurrentChange(entry.entry_id)
        day = before.get("scheduled_date")
        return hold_of(before["status"], date.fromisoformat(day) if day else None)

    async def relocate(
        self, entry: QueueEntry, log_n: int, arrival: Movement, departure: Departure
    ) -> None:
        current = {"_id": entry.entry_id, "version": entry.version - 1}
        before = await self._entries.find_one(
            current, {"_id": 0, "moves": 1}, session=self._session
        )
        if before is None:
            raise ConcurrentChange(entry.entry_id)
        fields = relocated_fields(entry, log_n, arrival, departure, before["moves"])
        result = await self._entries.update_one(
            current, {"$set": fields}, session=self._session
        )
        if result.matched_count != 1:
            raise ConcurrentChange(entry.entry_id)

    async def _ids(self, query: dict[str, Any]) -> list[str]:
        cursor = self._entries.find(query, {"_id": 1}, session=self._session)
        return [str(doc["_id"]) async for doc in cursor]

    async def _find(self, query: dict[str, Any]) -> QueueEntry | None:
        doc = await self._entries.find_one(query, session=self._session)
        return from_document(doc) if doc else None
