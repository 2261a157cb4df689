"""One contract for every store of the queues' counters and hash-chained
logs, and of the milestones reached: each subclass only says how to build
its adapter (in memory, or on the real Mongo-wire server)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.queue.waiting_list.domain.log_chain import (
    GENESIS,
    Verification,
    chain_hash,
)
from services.queue.waiting_list.service_layer.unit_of_work import (
    LoggedRecord,
    Milestones,
    QueueChange,
    QueueHead,
    QueueLog,
)

QUEUE = "KZ-75-H01:cardiology"
NOW = datetime(2026, 3, 2, 9, 0, 0, 250000, tzinfo=UTC)


async def log_two(queue_log: QueueLog) -> list[LoggedRecord]:
    """Two changes of the queue, each acquired, logged and released."""
    logged = []
    for n, what in ((1, "placed"), (2, "scheduled")):
        head = await queue_log.acquire(QUEUE, NOW)
        record = {"entry_id": f"e-{n}", "event": what}
        hash_ = await queue_log.append(QUEUE, head.n, head.head_hash, record)
        await queue_log.release(QUEUE, n=head.n, seq=head.seq + 1, head_hash=hash_)
        logged.append(LoggedRecord(head.n, head.head_hash, hash_, record))
    return logged


class QueueLogContract:
    @pytest.fixture
    def queue_log(self) -> QueueLog:
        raise NotImplementedError

    async def test_a_new_queue_starts_at_the_genesis(self, queue_log):
        assert await queue_log.head(QUEUE) is None
        assert await queue_log.acquire(QUEUE, NOW) == QueueHead(1, 0, GENESIS)
        assert await queue_log.head(QUEUE) == QueueHead(1, 0, GENESIS)

    async def test_records_chain_and_the_counters_follow(self, queue_log):
        first, second = await log_two(queue_log)
        assert first.prev_hash == GENESIS
        assert first.hash == chain_hash(GENESIS, first.record)
        assert second.prev_hash == first.hash
        assert await queue_log.head(QUEUE) == QueueHead(2, 2, second.hash)
        assert await queue_log.acquire(QUEUE, NOW) == QueueHead(3, 2, second.hash)

    async def test_records_are_read_in_order_after_a_number(self, queue_log):
        first, second = await log_two(queue_log)
        assert await queue_log.records(QUEUE, 0, 10) == [first, second]
        assert await queue_log.records(QUEUE, 1, 10) == [second]
        assert await queue_log.records(QUEUE, 0, 1) == [first]
        assert await queue_log.records("KZ-75-H01:neurology", 0, 10) == []

    async def test_an_intact_chain_verifies(self, queue_log):
        _, second = await log_two(queue_log)
        assert await queue_log.verify(QUEUE, second.hash, 2) == Verification(True, 2)

    async def test_a_missing_record_breaks_the_chain(self, queue_log):
        _, second = await log_two(queue_log)
        verified = await queue_log.verify(QUEUE, second.hash, 3)
        assert verified == Verification(False, 2, 3, "record 3 is missing")


class MilestonesContract:
    @pytest.fixture
    def milestones(self) -> Milestones:
        raise NotImplementedError

    async def test_a_milestone_is_claimed_once_per_entry(self, milestones):
        assert await milestones.claim("e-1", 10, NOW)
        assert not await milestones.claim("e-1", 10, NOW)
        assert await milestones.claim("e-1", 5, NOW)
        assert await milestones.claim("e-2", 10, NOW)


class TestMemoryQueueLog(QueueLogContract):
    @pytest.fixture
    def queue_log(self, memory_change: QueueChange) -> QueueLog:
        return memory_change.queue_log


class TestMongoQueueLog(QueueLogContract):
    @pytest.fixture
    def queue_log(self, mongo_change: QueueChange) -> QueueLog:
        return mongo_change.queue_log


class TestMemoryMilestones(MilestonesContract):
    @pytest.fixture
    def milestones(self, memory_change: QueueChange) -> Milestones:
        return memory_change.milestones


class TestMongoMilestones(MilestonesContract):
    @pytest.fixture
    def milestones(self, mongo_change: QueueChange) -> Milestones:
        return mongo_change.milestones
