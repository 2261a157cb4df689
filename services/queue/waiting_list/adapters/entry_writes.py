"""Reading and writing queue entries inside a transaction (the session is
the transaction's)."""

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
)
from services.queue.waiting_list.domain.beds import BedHold, hold_of
from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.domain.movement import Movement
from shared.mongo import Document


class ConcurrentChange(Exception):
    """The entry changed under us (its version moved); retry the command."""


async def find_entry(
    db: AsyncDatabase[Document], session: AsyncClientSession, query: dict[str, Any]
) -> QueueEntry | None:
    doc = await db[ENTRIES].find_one(query, session=session)
    return from_document(doc) if doc else None


async def entries_by_seq(
    db: AsyncDatabase[Document],
    session: AsyncClientSession,
    queue_id: str,
    seqs: list[int],
) -> list[QueueEntry]:
    """The queue's entries with these sequence numbers, in their order."""
    cursor = db[ENTRIES].find(
        {"queue_id": queue_id, "seq": {"$in": seqs}}, session=session
    )
    by_seq = {doc["seq"]: from_document(doc) async for doc in cursor}
    return [by_seq[s] for s in seqs if s in by_seq]


async def insert_entry(
    db: AsyncDatabase[Document],
    session: AsyncClientSession,
    document: dict[str, Any],
    move: Movement | None,
) -> None:
    document["last_move"] = move.encode() if move else None
    document["moves"] = [move.encode()] if move else []
    await db[ENTRIES].insert_one(document, session=session)


async def update_entry(
    db: AsyncDatabase[Document],
    session: AsyncClientSession,
    entry: QueueEntry,
    document: dict[str, Any],
    move: Movement | None,
) -> BedHold:
    """Write the entry's new state if its version is still the one it
    was read at; returns the bed it held before. (A read and an update,
    not findAndModify, which SecantusDB answers with a collection scan.)"""
    changes: dict[str, Any] = {
        "$set": {**mutable_fields(document), "log_n": document["log_n"]}
    }
    if move is not None:
        changes["$set"]["last_move"] = move.encode()
        changes["$push"] = {"moves": {"$each": [move.encode()], "$slice": -MOVES_KEPT}}
    current = {"_id": entry.entry_id, "version": entry.version - 1}
    before = await db[ENTRIES].find_one(
        current, {"_id": 0, "status": 1, "scheduled_date": 1}, session=session
    )
    result = await db[ENTRIES].update_one(current, changes, session=session)
    if before is None or result.matched_count != 1:
        raise ConcurrentChange(entry.entry_id)
    day = before.get("scheduled_date")
    return hold_of(before["status"], date.fromisoformat(day) if day else None)


async def find_by_seq(
    db: AsyncDatabase[Document],
    session: AsyncClientSession,
    queue_id: str,
    seq: int,
) -> QueueEntry | None:
    return await find_entry(db, session, {"queue_id": queue_id, "seq": seq})
