"""Each queue's document (change counter, sequence, head of the log) and its
append-only, hash-chained log."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from services.queue.waiting_list.adapters.collections import (
    MILESTONES,
    QUEUE_LOG,
    QUEUES,
)
from services.queue.waiting_list.domain.log_chain import (
    GENESIS,
    ChainVerifier,
    Verification,
    chain_hash,
)
from shared.mongo import Document


async def acquire_queue(
    db: AsyncDatabase[Document],
    session: AsyncClientSession,
    queue_id: str,
    now: datetime,
) -> Document:
    """Reserve the queue's next change number. Writing the queue's document
    serialises every transaction that changes this queue. (An update and a
    read, not findAndModify: SecantusDB answers findAndModify with a scan of
    the whole collection.)"""
    facility_id, _, bed_profile = queue_id.partition(":")
    await db[QUEUES].update_one(
        {"_id": queue_id},
        {
            "$inc": {"n": 1},
            "$setOnInsert": {
                "facility_id": facility_id,
                "bed_profile": bed_profile,
                "seq": 0,
                "head_hash": GENESIS,
                "created_at": now,
            },
        },
        upsert=True,
        session=session,
    )
    doc = await db[QUEUES].find_one({"_id": queue_id}, session=session)
    assert doc is not None
    return doc


async def release_queue(
    db: AsyncDatabase[Document],
    session: AsyncClientSession,
    queue_id: str,
    *,
    n: int,
    seq: int,
    head_hash: str,
) -> None:
    await db[QUEUES].update_one(
        {"_id": queue_id},
        {"$set": {"n": n, "seq": seq, "head_hash": head_hash}},
        session=session,
    )


async def append_record(
    db: AsyncDatabase[Document],
    session: AsyncClientSession,
    queue_id: str,
    n: int,
    prev_hash: str,
    record: Mapping[str, Any],
) -> str:
    """Append record ``n``; the unique (queue_id, n) index refuses a second
    record with the same number. Returns the record's hash."""
    hash_ = chain_hash(prev_hash, record)
    await db[QUEUE_LOG].insert_one(
        {
            "_id": f"{queue_id}#{n}",
            "queue_id": queue_id,
            "n": n,
            "prev_hash": prev_hash,
            "hash": hash_,
            "record": dict(record),
        },
        session=session,
    )
    return hash_


async def queue_document(db: AsyncDatabase[Document], queue_id: str) -> Document | None:
    return await db[QUEUES].find_one({"_id": queue_id})


async def read_records(
    db: AsyncDatabase[Document], queue_id: str, after: int, limit: int
) -> list[Document]:
    cursor = (
        db[QUEUE_LOG]
        .find({"queue_id": queue_id, "n": {"$gt": after}}, {"_id": 0})
        .sort("n", ASCENDING)
        .limit(limit)
    )
    return await cursor.to_list(None)


async def verify_chain(
    db: AsyncDatabase[Document], queue_id: str, head_hash: str | None, length: int
) -> Verification:
    """Walk the whole chain in order and check every link."""
    verifier = ChainVerifier()
    cursor = (
        db[QUEUE_LOG]
        .find({"queue_id": queue_id}, {"_id": 0})
        .sort("n", ASCENDING)
        .batch_size(1000)
    )
    async for doc in cursor:
        verifier.feed(doc["n"], doc["prev_hash"], doc["hash"], doc["record"])
    return verifier.result(head_hash, length)


async def claim_milestone(
    db: AsyncDatabase[Document],
    session: AsyncClientSession,
    entry_id: str,
    milestone: int,
    now: datetime,
) -> bool:
    """Record that ``entry_id`` reached ``milestone``; False if it had before."""
    result = await db[MILESTONES].update_one(
        {"_id": f"{entry_id}:{milestone}"},
        {"$setOnInsert": {"entry_id": entry_id, "milestone": milestone, "at": now}},
        upsert=True,
        session=session,
    )
    return result.upserted_id is not None
