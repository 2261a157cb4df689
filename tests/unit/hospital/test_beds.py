"""The bed ledger's arithmetic: what each transition takes or gives back."""

from __future__ import annotations

from datetime import date

from services.queue.waiting_list.domain.beds import (
    NO_HOLD,
    BedHold,
    LedgerChange,
    free_beds,
    hold_of,
    ledger_change,
    room,
)

DAY = date(2026, 11, 5)
LATER = date(2026, 11, 9)


def change(before: tuple[str, date | None], after: tuple[str, date | None]):
    return ledger_change(hold_of(*before), hold_of(*after))


def test_only_admitted_entries_occupy_and_only_scheduled_ones_book():
    assert hold_of("admitted", DAY) == BedHold(occupies=True)
    assert hold_of("scheduled", DAY) == BedHold(booked_on=DAY)
    for status in ("waiting", "discharged", "cancelled", "rejected", "expired"):
        assert hold_of(status, DAY) == NO_HOLD


def test_scheduling_books_the_day():
    assert change(("waiting", None), ("scheduled", DAY)) == LedgerChange(
        booked=((DAY, 1),)
    )


def test_admission_turns_the_booking_into_an_occupied_bed():
    assert change(("scheduled", DAY), ("admitted", DAY)) == LedgerChange(
        occupied=1, booked=((DAY, -1),)
    )


def test_rescheduling_moves_the_booking():
    assert change(("scheduled", DAY), ("scheduled", LATER)) == LedgerChange(
        booked=((DAY, -1), (LATER, 1))
    )
    assert change(("scheduled", DAY), ("scheduled", DAY)).empty


def test_leaving_a_scheduled_day_gives_the_booking_back():
    for status in ("waiting", "cancelled", "rejected"):
        assert change(("scheduled", DAY), (status, None)) == LedgerChange(
            booked=((DAY, -1),)
        )


def test_discharge_frees_the_bed_and_waiting_changes_nothing():
    assert change(("admitted", DAY), ("discharged", DAY)) == LedgerChange(occupied=-1)
    assert change(("waiting", None), ("expired", None)).empty
    assert ledger_change(NO_HOLD, hold_of("waiting", None)).empty
    assert ledger_change(NO_HOLD, hold_of("admitted", None)) == LedgerChange(occupied=1)


def test_free_beds_never_show_below_zero_but_the_room_does():
    assert free_beds(6, 2, 3) == room(6, 2, 3) == 1
    assert room(6, 4, 3) == -1 and free_beds(6, 4, 3) == 0
