"""Each queue's document (change counter, sequence, head of the log), its
append-only, hash-chained log, and the milestones its entries reached."""

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
from services.queue.waiting_list.service_layer.unit_of_work import (
    LoggedRecord,
    Milestones,
    QueueHead,
    QueueLog,
)
from shared.mongo import Document


class MongoQueueLog(QueueLog):
    def __init__(self, db: AsyncDatabase[Document], session: AsyncClientSession | None):
        self._queues = db[QUEUES]
        self._log = db[QUEUE_LOG]
        self._session = session

    async def acquire(self, queue_id: str, now: datetime) -> QueueHead:
        """(An update and a read, not findAndModify: SecantusDB answers
        findAndModify with a scan of the whole collection.)"""
        facility_id, _, bed_profile = queue_id.partition(":")
        await self._queues.update_one(
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
            session=self._session,
        )
        head = await self.head(queue_id)
        assert head is not None
        return head

    async def release(self, queue_id: str, *, n: int, seq: int, head_hash: str) -> None:
        await self._queues.update_one(
            {"_id": queue_id},
            {"$set": {"n": n, "seq": seq, "head_hash": head_hash}},
            session=self._session,
        )

    async def append(
        self, queue_id: str, n: int, prev_hash: str, record: Mapping[str, Any]
    ) -> str:
        """The unique (queue_id, n) index refuses a second record ``n``."""
        hash_ = chain_hash(prev_hash, record)
        await self._log.insert_one(
            {
                "_id": f"{queue_id}#{n}",
                "queue_id": queue_id,
                "n": n,
                "prev_hash": prev_hash,
                "hash": hash_,
                "record": dict(record),
            },
            session=self._session,
        )
        return hash_

    async def head(self, queue_id: str) -> QueueHead | None:
        doc = await self._queues.find_one({"_id": queue_id}, session=self._session)
        return (
            None if doc is None else QueueHead(doc["n"], doc["seq"], doc["head_hash"])
        )

    async def records(
        self, queue_id: str, after: int, limit: int
    ) -> list[LoggedRecord]:
        cursor = (
            self._log.find(
                {"queue_id": queue_id, "n": {"$gt": after}},
                {"_id": 0},
                session=self._session,
            )
            .sort("n", ASCENDING)
            .limit(limit)
        )
        return [
            LoggedRecord(doc["n"], doc["prev_hash"], doc["hash"], doc["record"])
            async for doc in cursor
        ]

    async def verify(
        self, queue_id: str, head_hash: str | None, length: int
    ) -> Verification:
        verifier = ChainVerifier()
        cursor = (
            self._log.find({"queue_id": queue_id}, {"_id": 0}, session=self._session)
            .sort("n", ASCENDING)
            .batch_size(1000)
        )
        async for doc in cursor:
            verifier.feed(doc["n"], doc["prev_hash"], doc["hash"], doc["record"])
        return verifier.result(head_hash, length)


class MongoMilestones(Milestones):
    def __init__(self, db: AsyncDatabase[Document], session: AsyncClientSession | None):
        self._milestones = db[MILESTONES]
        self._session = session

    async def claim(self, entry_id: str, milestone: int, now: datetime) -> bool:
        result = await self._milestones.update_one(
            {"_id": f"{entry_id}:{milestone}"},
            {"$setOnInsert": {"entry_id": entry_id, "milestone": milestone, "at": now}},
            upsert=True,
            session=self._session,
        )
        return result.upserted_id is not None
