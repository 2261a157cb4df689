"""The guarantee's pure rules: the deadline from the registration's local
date (Asia/Almaty), the flags, what is told once, and which alternatives are
shorter."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from services.queue.waiting_list.domain.estimate import Window
from services.queue.waiting_list.domain.guarantee import (
    AT_RISK,
    BREACH_EXPECTED,
    IN_BREACH,
    ON_TRACK,
    TOLD_AT_RISK,
    TOLD_BREACHED,
    UNKNOWN,
    Alternative,
    deadline_of,
    judge,
    registered_day,
    shorter_waits,
    standing,
    to_tell,
)
from services.queue.waiting_list.domain.ordering import epoch_ms, order_key

ALMATY = ZoneInfo("Asia/Almaty")
TODAY = date(2026, 11, 2)
DEADLINE = date(2026, 12, 1)


def window(earliest: date, latest: date | None) -> Window:
    return Window(earliest, latest, TODAY + timedelta(days=730))


def key_at(moment: datetime) -> int:
    return order_key("planned", epoch_ms(moment), 7)


def test_the_deadline_counts_from_the_local_date_of_registration():
    late_evening_utc = datetime(2026, 11, 2, 20, 30, tzinfo=UTC)  # 01:30+ in Almaty
    evening_utc = datetime(2026, 11, 2, 17, 30, tzinfo=UTC)  # before midnight there
    assert registered_day(key_at(late_evening_utc), ALMATY) == date(2026, 11, 3)
    assert registered_day(key_at(evening_utc), ALMATY) == date(2026, 11, 2)
    assert registered_day(key_at(late_evening_utc), UTC) == date(2026, 11, 2)
    assert deadline_of(date(2026, 11, 3), 90) == date(2027, 2, 1)


def test_waiting_flags_from_the_estimate():
    on_deadline = window(TODAY + timedelta(days=3), DEADLINE)
    assert judge(DEADLINE, TODAY, on_deadline) == (ON_TRACK, 0)
    a_week_late = window(TODAY + timedelta(days=3), DEADLINE + timedelta(days=7))
    assert judge(DEADLINE, TODAY, a_week_late) == (AT_RISK, 7)
    all_late = window(DEADLINE + timedelta(days=1), DEADLINE + timedelta(days=9))
    assert judge(DEADLINE, TODAY, all_late) == (BREACH_EXPECTED, 9)
    beyond = window(TODAY + timedelta(days=3), None)
    flag, over = judge(DEADLINE, TODAY, beyond)
    assert flag == AT_RISK and over == (beyond.horizon - DEADLINE).days


def test_no_estimate_is_unknown_until_the_deadline_passes():
    assert judge(DEADLINE, TODAY, None) == (UNKNOWN, 0)
    assert judge(DEADLINE, DEADLINE, None) == (UNKNOWN, 0)
    assert judge(DEADLINE, DEADLINE + timedelta(days=2), None) == (IN_BREACH, 2)


def test_past_the_deadline_is_a_breach_whatever_the_estimate():
    soon = window(DEADLINE + timedelta(days=4), DEADLINE + timedelta(days=5))
    assert judge(DEADLINE, DEADLINE + timedelta(days=3), soon) == (IN_BREACH, 3)


def test_a_scheduled_entry_is_judged_by_its_day():
    assert judge(DEADLINE, TODAY, None, DEADLINE) == (ON_TRACK, 0)
    later = DEADLINE + timedelta(days=4)
    assert judge(DEADLINE, TODAY, None, later) == (IN_BREACH, 4)
    found = standing(29, TODAY, TODAY, None, later)
    assert (found.deadline, found.flag, found.flagged) == (DEADLINE, IN_BREACH, True)


def test_each_level_is_told_once_and_a_breach_is_not_followed_by_a_risk():
    assert to_tell(ON_TRACK, None) is None
    assert to_tell(UNKNOWN, None) is None
    assert to_tell(AT_RISK, None) == TOLD_AT_RISK
    assert to_tell(BREACH_EXPECTED, None) == TOLD_AT_RISK
    assert to_tell(AT_RISK, TOLD_AT_RISK) is None
    assert to_tell(IN_BREACH, TOLD_AT_RISK) == TOLD_BREACHED
    assert to_tell(IN_BREACH, None) == TOLD_BREACHED
    assert to_tell(IN_BREACH, TOLD_BREACHED) is None
    assert to_tell(AT_RISK, TOLD_BREACHED) is None


def test_alternatives_are_the_shorter_waits_shortest_first():
    own = window(TODAY + timedelta(days=20), TODAY + timedelta(days=60))
    options = [
        Alternative(
            "KZ-75-B", 3, window(TODAY + timedelta(days=5), TODAY + timedelta(days=40))
        ),
        Alternative(
            "KZ-75-A", 1, window(TODAY + timedelta(days=2), TODAY + timedelta(days=10))
        ),
        Alternative(
            "KZ-75-C", 9, window(TODAY + timedelta(days=30), TODAY + timedelta(days=90))
        ),
        Alternative("KZ-75-D", 2, window(TODAY + timedelta(days=1), None)),
        Alternative("KZ-75-E", 4, own),
    ]
    assert [o.facility_id for o in shorter_waits(own, options)] == [
        "KZ-75-A",
        "KZ-75-B",
    ]
    every = [o.facility_id for o in shorter_waits(None, options)]
    assert every == ["KZ-75-A", "KZ-75-B", "KZ-75-E", "KZ-75-C", "KZ-75-D"]
