"""What an admissions clerk orders, and the rules of a pull.

A pull schedules the next waiting entries of the clerk's queue for a date,
in queue order, up to the free beds of that date (beyond them only with a
recorded override). An entry whose pre-admission tests lapse before the date
is skipped and reported, keeping its place.
"""

from __future__ import annotations

from datetime import date

from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.domain.validity import all_tests_valid_on

TESTS_LAPSE = "tests_lapse"


BOOKING_HORIZON_DAYS = 366
"""The furthest ahead an admission date can be given."""


class UnbookableDate(Exception):
    """Admissions are given for today or a day up to a year ahead."""

    def __init__(self, on: date, today: date):
        if on < today:
            message = f"{on} is before today ({today})."
        else:
            message = (
                f"{on} is more than {BOOKING_HORIZON_DAYS} days ahead; "
                "give a date within the coming year."
            )
        super().__init__(message)


class NoFreeBeds(Exception):
    """The day has no free bed left (and no override was given)."""

    def __init__(self, on: date, free: int):
        super().__init__(
            f"No free bed on {on}; give an override_reason_code to "
            "book beyond the beds."
        )
        self.on = on
        self.free = free


class NotDue(Exception):
    """A no-show can be recorded only from the scheduled day on."""

    def __init__(self, scheduled: date):
        super().__init__(
            f"The admission is scheduled for {scheduled}; a no-show "
            "can be recorded from that day on."
        )
        self.scheduled = scheduled


def require_bookable(on: date, today: date) -> None:
    if not 0 <= (on - today).days <= BOOKING_HORIZON_DAYS:
        raise UnbookableDate(on, today)


def pull_limit(count: int, room: int, override: bool) -> int:
    """How many entries a pull may schedule when ``room`` beds are left."""
    return count if override else max(0, min(count, room))


def lapses_before_admission(entry: QueueEntry, on: date) -> bool:
    """Some pre-admission test is no longer valid on the admission day."""
    return not all_tests_valid_on(entry, on)


def earliest_test_expiry(entry: QueueEntry) -> date | None:
    """The day the first of the entry's tests lapses after (None: no tests)."""
    return min((t.valid_until for t in entry.tests), default=None)
