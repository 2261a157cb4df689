"""The queue's local date: kept for the day, changed at local midnight."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from services.queue.waiting_list.domain.book import QueueBook
from services.queue.waiting_list.service_layer.calendar import Calendar
from shared.clock import utc_now


class SetClock:
    def __init__(self, moment: datetime):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def bureau_at(clock) -> Calendar:
    return Calendar("Asia/Almaty", clock)


def test_the_date_turns_at_local_midnight_not_at_utc_midnight():
    # Almaty is UTC+5: local midnight of 2026-03-02 is 19:00 UTC on 03-01
    clock = SetClock(datetime(2026, 3, 1, 18, 59, 59, tzinfo=UTC))
    bureau = bureau_at(clock)
    assert bureau.today() == date(2026, 3, 1)
    clock.moment += timedelta(seconds=1)
    assert bureau.today() == date(2026, 3, 2)
    clock.moment = datetime(2026, 3, 1, 23, 59, 59, tzinfo=UTC)
    assert bureau.today() == date(2026, 3, 2)


def test_a_clock_set_back_gives_the_earlier_date():
    clock = SetClock(datetime(2026, 3, 10, 12, tzinfo=UTC))
    bureau = bureau_at(clock)
    assert bureau.today() == date(2026, 3, 10)
    clock.moment = datetime(2026, 3, 9, 12, tzinfo=UTC)
    assert bureau.today() == date(2026, 3, 9)


def test_the_real_clock_gives_the_local_date():
    bureau = bureau_at(utc_now)
    assert bureau.today() == QueueBook("Asia/Almaty").local_day(datetime.now(UTC))
