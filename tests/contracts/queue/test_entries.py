"""One contract for every store of the queue entries: each subclass only
says how to build its adapter (in memory, or on the real Mongo-wire
server)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.beds import NO_HOLD, BedHold
from services.queue.waiting_list.domain.movement import (
    AHEAD_LEFT,
    PLACED_AHEAD,
    Departure,
    Movement,
)
from services.queue.waiting_list.service_layer.unit_of_work import (
    ConcurrentChange,
    Entries,
    QueueChange,
)
from tests.unit.queue.builders import T0, entry

CLERK = Actor("hospital", "KZ-75-M01:clerk-1")
ON = date(2026, 11, 9)


class EntriesContract:
    @pytest.fixture
    def entries(self) -> Entries:
        raise NotImplementedError

    async def test_an_unknown_entry_is_not_found(self, entries):
        assert await entries.get("e-none") is None
        assert await entries.by_code("KZ-75-999999") is None
        assert await entries.by_referral("r-none") is None
        assert await entries.by_seqs("KZ-75-M01:psychiatry", [1]) == []

    async def test_a_stored_entry_is_found_by_id_code_and_referral(self, entries):
        placed = entry(placed_seq=1)
        await entries.add(placed, 1, None)
        assert await entries.get(placed.entry_id) == placed
        assert await entries.by_code(placed.hospitalization_code) == placed
        assert await entries.by_referral(placed.referral_id) == placed

    async def test_the_entries_of_several_referrals_come_in_one_read(self, entries):
        first, second, other = (entry(placed_seq=n) for n in (1, 2, 3))
        for placed in (first, second, other):
            await entries.add(placed, 1, None)
        found = await entries.by_referrals(
            [second.referral_id, first.referral_id, "r-x"]
        )
        assert {e.entry_id: e for e in found} == {
            e.entry_id: e for e in (first, second)
        }
        assert await entries.by_referrals([]) == []

    async def test_entries_are_read_in_the_order_of_their_numbers(self, entries):
        first, second = entry(placed_seq=1), entry(placed_seq=2)
        await entries.add(first, 1, None)
        await entries.add(second, 2, None)
        found = await entries.by_seqs(first.queue_id, [2, 7, 1])
        assert found == [second, first]
        assert await entries.by_seqs("KZ-75-M01:narcology", [1, 2]) == []

    async def test_a_saved_change_returns_the_bed_held_before(self, entries):
        waiting = entry(placed_seq=1)
        await entries.add(waiting, 1, None)
        waiting.schedule(ON, CLERK, T0 + timedelta(hours=1))
        move = Movement(2, 1, AHEAD_LEFT, waiting.order_key)
        assert await entries.save(waiting, 2, move) == NO_HOLD
        assert await entries.get(waiting.entry_id) == waiting
        later = T0 + timedelta(hours=2)
        waiting.reschedule(ON + timedelta(days=1), CLERK, later, "patient_request")
        assert await entries.save(waiting, 3, None) == BedHold(booked_on=ON)

    async def test_a_change_of_a_stale_entry_is_refused(self, entries):
        waiting = entry(placed_seq=1)
        await entries.add(waiting, 1, None)
        stale = await entries.get(waiting.entry_id)
        waiting.schedule(ON, CLERK, T0 + timedelta(hours=1))
        await entries.save(waiting, 2, None)
        stale.schedule(ON, CLERK, T0 + timedelta(hours=1))
        with pytest.raises(ConcurrentChange):
            await entries.save(stale, 2, None)
        assert await entries.get(waiting.entry_id) == waiting

    async def test_a_patients_entries_are_found_by_the_iin_digest(self, entries):
        waiting, other = entry(placed_seq=1), entry(placed_seq=2)
        other.iin_digest = "11" * 32
        await entries.add(waiting, 1, None)
        await entries.add(other, 2, None)
        digest = waiting.iin_digest
        found = await entries.open_of_patient(digest, "psychiatry", ["waiting"])
        assert found == {waiting.entry_id: "waiting"}
        assert await entries.open_of_patient(digest, "narcology", ["waiting"]) == {}
        assert await entries.open_of_patient(digest, "psychiatry", ["expired"]) == {}

    async def test_an_admitted_entry_is_found_in_its_queue(self, entries):
        admitted = entry(placed_seq=1)
        assert await entries.admitted_in(admitted.queue_id, admitted.iin_digest) is None
        admitted.schedule(ON, CLERK, T0 + timedelta(hours=1))
        admitted.admit(CLERK, T0 + timedelta(days=7))
        await entries.add(admitted, 1, None)
        digest = admitted.iin_digest
        assert await entries.admitted_in(admitted.queue_id, digest) == admitted.entry_id
        assert await entries.admitted_in("KZ-75-M02:psychiatry", digest) is None

    async def test_a_reminder_is_marked_only_at_the_version_read(self, entries):
        waiting = entry(placed_seq=1)
        await entries.add(waiting, 1, None)
        await entries.mark_reminded(waiting)
        assert (await entries.get(waiting.entry_id)).expiry_reminded
        assert (await entries.get(waiting.entry_id)).version == waiting.version
        stale, fresh = entry(placed_seq=2), entry(placed_seq=3)
        await entries.add(fresh, 2, None)
        stale.entry_id = fresh.entry_id
        stale.version = fresh.version + 1
        await entries.mark_reminded(stale)
        assert not (await entries.get(fresh.entry_id)).expiry_reminded

    async def test_the_guarantees_level_is_marked_only_at_the_version_read(
        self, entries
    ):
        waiting = entry(placed_seq=1)
        await entries.add(waiting, 1, None)
        assert (await entries.get(waiting.entry_id)).wait_told is None
        await entries.mark_wait_told(waiting, "at_risk")
        stored = await entries.get(waiting.entry_id)
        assert (stored.wait_told, stored.version) == ("at_risk", waiting.version)
        stale = entry(placed_seq=2)
        stale.entry_id, stale.version = waiting.entry_id, waiting.version + 1
        await entries.mark_wait_told(stale, "breached")
        assert (await entries.get(waiting.entry_id)).wait_told == "at_risk"

    async def test_a_days_scheduled_entries_are_read_in_queue_order(self, entries):
        first, second, other_day = (entry(placed_seq=n) for n in (1, 2, 3))
        for n, booked in enumerate((second, first, other_day), start=1):
            day = ON if booked is not other_day else ON + timedelta(days=1)
            booked.schedule(day, CLERK, T0 + timedelta(hours=1))
            await entries.add(booked, n, None)
        await entries.add(entry(placed_seq=4), 4, None)
        assert await entries.scheduled_on(first.queue_id, ON) == [first, second]
        assert await entries.scheduled_on("KZ-75-M01:narcology", ON) == []

    async def test_the_reminders_due_are_of_waiting_unreminded_entries(self, entries):
        due = entry(placed_seq=1, valid_until=ON)
        reminded = entry(placed_seq=2, valid_until=ON)
        reminded.expiry_reminded = True
        later = entry(placed_seq=3, valid_until=ON + timedelta(days=8))
        booked = entry(placed_seq=4, valid_until=ON)
        booked.schedule(ON, CLERK, T0 + timedelta(hours=1))
        for n, stored in enumerate((due, reminded, later, booked), start=1):
            await entries.add(stored, n, None)
        week = ON + timedelta(days=7)
        assert await entries.reminder_due(ON - timedelta(days=1), week) == [
            due.entry_id
        ]
        assert await entries.reminder_due(ON + timedelta(days=1), week) == []

    async def test_the_lapsed_are_waiting_entries_valid_before_today(self, entries):
        lapsed = entry(placed_seq=1, valid_until=ON - timedelta(days=1))
        valid_today = entry(placed_seq=2, valid_until=ON)
        booked = entry(placed_seq=3, valid_until=ON - timedelta(days=1))
        booked.schedule(ON, CLERK, T0 + timedelta(hours=1))
        for n, stored in enumerate((lapsed, valid_today, booked), start=1):
            await entries.add(stored, n, None)
        assert await entries.lapsed(ON) == [lapsed.entry_id]
        assert await entries.lapsed(ON - timedelta(days=1)) == []

    async def test_a_moved_entry_is_found_in_its_new_queue_only(self, entries):
        moving, stale = entry(placed_seq=1), entry(placed_seq=1)
        await entries.add(moving, 1, None)
        stale.entry_id, old_key = moving.entry_id, moving.order_key
        moving.move_to("KZ-71-M01", 5, CLERK, T0 + timedelta(hours=1), "other")
        left = Departure(
            "KZ-75-M01:psychiatry",
            "KZ-75-M01",
            "psychiatry",
            Movement(2, 1, AHEAD_LEFT, old_key),
        )
        arrival = Movement(7, 1, PLACED_AHEAD, moving.order_key)
        await entries.relocate(moving, 7, arrival, left)
        assert await entries.get(moving.entry_id) == moving
        assert await entries.by_seqs("KZ-71-M01:psychiatry", [5]) == [moving]
        assert await entries.by_seqs("KZ-75-M01:psychiatry", [1]) == []
        stale.move_to("KZ-79-M01", 1, CLERK, T0 + timedelta(hours=2), "other")
        with pytest.raises(ConcurrentChange):
            await entries.relocate(stale, 1, arrival, left)
        assert await entries.get(moving.entry_id) == moving


class TestMemoryEntries(EntriesContract):
    @pytest.fixture
    def entries(self, memory_change: QueueChange) -> Entries:
        return memory_change.entries


class TestMongoEntries(EntriesContract):
    @pytest.fixture
    def entries(self, mongo_change: QueueChange) -> Entries:
        return mongo_change.entries
