"""One contract for every store of the bed ledger (beds occupied per queue,
beds booked per queue and day): each subclass only says how to build its
adapter (in memory, or on the real Mongo-wire server)."""

from __future__ import annotations

from datetime import date

import pytest

from services.queue.waiting_list.domain.beds import BedCounts, LedgerChange
from services.queue.waiting_list.service_layer.unit_of_work import (
    BedLedger,
    QueueChange,
)

QUEUE = "KZ-75-H01:cardiology"
MONDAY, TUESDAY = date(2026, 3, 2), date(2026, 3, 3)


class BedLedgerContract:
    @pytest.fixture
    def ledger(self) -> BedLedger:
        raise NotImplementedError

    async def test_an_untouched_queue_holds_no_beds(self, ledger):
        assert await ledger.counts(QUEUE, MONDAY) == BedCounts(0, 0)

    async def test_changes_add_up_per_queue_and_day(self, ledger):
        await ledger.apply(QUEUE, LedgerChange(occupied=2, booked=((MONDAY, 3),)))
        await ledger.apply(QUEUE, LedgerChange(occupied=-1, booked=((MONDAY, -1),)))
        await ledger.apply(QUEUE, LedgerChange(booked=((TUESDAY, 1),)))
        assert await ledger.counts(QUEUE, MONDAY) == BedCounts(1, 2)
        assert await ledger.counts(QUEUE, TUESDAY) == BedCounts(1, 1)

    async def test_each_queue_keeps_its_own_beds(self, ledger):
        await ledger.apply(QUEUE, LedgerChange(occupied=1, booked=((MONDAY, 1),)))
        other = "KZ-75-H01:neurology"
        assert await ledger.counts(other, MONDAY) == BedCounts(0, 0)

    async def test_a_booking_moved_to_another_day_leaves_the_first_day(self, ledger):
        await ledger.apply(QUEUE, LedgerChange(booked=((MONDAY, 1),)))
        await ledger.apply(QUEUE, LedgerChange(booked=((MONDAY, -1), (TUESDAY, 1))))
        assert await ledger.counts(QUEUE, MONDAY) == BedCounts(0, 0)
        assert await ledger.counts(QUEUE, TUESDAY) == BedCounts(0, 1)


class TestMemoryBedLedger(BedLedgerContract):
    @pytest.fixture
    def ledger(self, memory_change: QueueChange) -> BedLedger:
        return memory_change.bed_ledger


class TestMongoBedLedger(BedLedgerContract):
    @pytest.fixture
    def ledger(self, mongo_change: QueueChange) -> BedLedger:
        return mongo_change.bed_ledger
