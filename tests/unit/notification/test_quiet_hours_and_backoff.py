from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.notification.domain.schedule import Backoff, QuietHours
from services.notification.settings import NotificationSettings
from shared.settings import SettingsError

ALMATY = ZoneInfo("Asia/Almaty")
QUIET = QuietHours.parse("22:00-08:00", ALMATY)


def almaty(hour: int, minute: int = 0, day: int = 15) -> datetime:
    return datetime(2025, 1, day, hour, minute, tzinfo=ALMATY)


def test_almaty_is_utc_plus_five():
    assert almaty(8).utcoffset() == timedelta(hours=5)
    assert almaty(8).astimezone(UTC).hour == 3


@pytest.mark.parametrize(
    ("hour", "minute", "quiet"),
    [
        (21, 59, False),
        (22, 0, True),
        (23, 30, True),
        (0, 0, True),
        (7, 59, True),
        (8, 0, False),
        (12, 0, False),
    ],
)
def test_quiet_between_ten_at_night_and_eight_in_the_morning(hour, minute, quiet):
    assert QUIET.is_quiet(almaty(hour, minute).astimezone(UTC)) is quiet


def test_an_sms_in_the_evening_waits_for_eight_the_next_morning():
    deferred = QUIET.next_allowed(almaty(23, 30).astimezone(UTC))
    assert deferred == almaty(8, day=16).astimezone(UTC)
    assert deferred.tzinfo == UTC


def test_an_sms_after_midnight_waits_for_eight_the_same_morning():
    assert QUIET.next_allowed(almaty(2).astimezone(UTC)) == almaty(8)


def test_an_sms_in_the_day_goes_at_once():
    noon = almaty(12).astimezone(UTC)
    assert QUIET.next_allowed(noon) == noon


def test_an_empty_window_means_no_quiet_hours():
    always = QuietHours.parse("", ALMATY)
    assert not always.is_quiet(almaty(23))


def test_a_window_that_does_not_cross_midnight():
    lunch = QuietHours.parse("13:00-14:00", ALMATY)
    assert lunch.is_quiet(almaty(13, 30))
    assert not lunch.is_quiet(almaty(14))
    assert lunch.next_allowed(almaty(13, 30)) == almaty(14)


def test_bad_quiet_hours_settings_are_refused():
    with pytest.raises(SettingsError):
        NotificationSettings.from_env({"QUIET_HOURS": "late"})
    with pytest.raises(SettingsError):
        NotificationSettings.from_env({"QUIET_HOURS_TZ": "Mars/Olympus"})


def test_backoff_doubles_with_jitter_and_a_cap():
    low, high = Backoff(2.0, 60.0, jitter=lambda: 0.0), Backoff(2.0, 60.0, lambda: 1.0)
    assert [low.delay(n).total_seconds() for n in (1, 2, 3)] == [1.0, 2.0, 4.0]
    assert [high.delay(n).total_seconds() for n in (1, 2, 3)] == [2.0, 4.0, 8.0]
    assert high.delay(20).total_seconds() == 60.0


def test_backoff_jitter_spreads_retries():
    backoff = Backoff(10.0, 600.0)
    delays = {backoff.delay(3) for _ in range(20)}
    assert len(delays) > 1
    assert all(timedelta(seconds=20) <= d <= timedelta(seconds=40) for d in delays)
