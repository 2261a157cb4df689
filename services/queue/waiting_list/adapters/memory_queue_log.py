"""Each queue's counters, its hash-chained log and the milestones reached,
in memory (records shaped like the Mongo documents), for service-layer
tests."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import datetime
from typing import Any

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


class MemoryQueueLog(QueueLog):
    def __init__(self, queues: dict[Any, Any], log: dict[Any, Any]):
        self._queues = queues
        self._log = log

    async def acquire(self, queue_id: str, now: datetime) -> QueueHead:
        facility_id, _, bed_profile = queue_id.partition(":")
        queue = self._queues.setdefault(
            queue_id,
            {
                "n": 0,
                "facility_id": facility_id,
                "bed_profile": bed_profile,
                "seq": 0,
                "head_hash": GENESIS,
                "created_at": now,
            },
        )
        queue["n"] += 1
        return QueueHead(queue["n"], queue["seq"], queue["head_hash"])

    async def release(self, queue_id: str, *, n: int, seq: int, head_hash: str) -> None:
        self._queues[queue_id].update(n=n, seq=seq, head_hash=head_hash)

    async def append(
        self, queue_id: str, n: int, prev_hash: str, record: Mapping[str, Any]
    ) -> str:
        key = f"{queue_id}#{n}"
        if key in self._log:
            raise ValueError(f"record {key} is logged already")
        hash_ = chain_hash(prev_hash, record)
        self._log[key] = {
            "queue_id": queue_id,
            "n": n,
            "prev_hash": prev_hash,
            "hash": hash_,
            "record": copy.deepcopy(dict(record)),
        }
        return hash_

    async def head(self, queue_id: str) -> QueueHead | None:
        queue = self._queues.get(queue_id)
        if queue is None:
            return None
        return QueueHead(queue["n"], queue["seq"], queue["head_hash"])

    async def records(
        self, queue_id: str, after: int, limit: int
    ) -> list[LoggedRecord]:
        found = [r for r in self._in_order(queue_id) if r["n"] > after][:limit]
        return [
            LoggedRecord(r["n"], r["prev_hash"], r["hash"], copy.deepcopy(r["record"]))
            for r in found
        ]

    async def verify(
        self, queue_id: str, head_hash: str | None, length: int
    ) -> Verification:
        verifier = ChainVerifier()
        for r in self._in_order(queue_id):
            verifier.feed(r["n"], r["prev_hash"], r["hash"], r["record"])
        return verifier.result(head_hash, length)

    def _in_order(self, queue_id: str) -> list[dict[str, Any]]:
        mine = [r for r in self._log.values() if r["queue_id"] == queue_id]
        return sorted(mine, key=lambda r: r["n"])


class MemoryMilestones(Milestones):
    def __init__(self, records: dict[Any, Any]):
        self._records = records

    async def claim(self, entry_id: str, milestone: int, now: datetime) -> bool:
        key = f"{entry_id}:{milestone}"
        if key in self._records:
            return False
        self._records[key] = {"entry_id": entry_id, "milestone": milestone, "at": now}
        return True
