from datetime import UTC, date, datetime

from shared.clock import iso, to_ms_precision, utc_now


def test_moments_keep_whole_milliseconds() -> None:
    moment = datetime(2026, 3, 1, 8, 30, 15, 123_987, tzinfo=UTC)
    assert to_ms_precision(moment) == datetime(
        2026, 3, 1, 8, 30, 15, 123_000, tzinfo=UTC
    )


def test_iso_text_of_dates_moments_and_nothing() -> None:
    assert iso(date(2026, 3, 1)) == "2026-03-01"
    assert iso(datetime(2026, 3, 1, 8, 30, tzinfo=UTC)) == "2026-03-01T08:30:00+00:00"
    assert iso(None) is None


def test_the_real_clock_is_in_utc() -> None:
    assert utc_now().utcoffset() is not None
    assert utc_now().utcoffset().total_seconds() == 0  # type: ignore[union-attr]
