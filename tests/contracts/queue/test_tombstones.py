"""One contract for every store of the tombstones (referrals cancelled
before they were placed): each subclass only says how to build its adapter
(in memory, or on the real Mongo-wire server)."""

from __future__ import annotations

import pytest

from services.queue.waiting_list.service_layer.unit_of_work import (
    QueueChange,
    Tombstones,
)


class TombstonesContract:
    @pytest.fixture
    def tombstones(self) -> Tombstones:
        raise NotImplementedError

    async def test_a_referral_never_cancelled_has_no_tombstone(self, tombstones):
        assert await tombstones.version("r-1") is None

    async def test_the_greatest_cancelled_version_is_kept(self, tombstones):
        await tombstones.remember("r-1", 2)
        await tombstones.remember("r-1", 1)
        assert await tombstones.version("r-1") == 2
        await tombstones.remember("r-1", 3)
        assert await tombstones.version("r-1") == 3
        assert await tombstones.version("r-2") is None


class TestMemoryTombstones(TombstonesContract):
    @pytest.fixture
    def tombstones(self, memory_change: QueueChange) -> Tombstones:
        return memory_change.tombstones


class TestMongoTombstones(TombstonesContract):
    @pytest.fixture
    def tombstones(self, mongo_change: QueueChange) -> Tombstones:
        return mongo_change.tombstones
