"""Time as every service reads and writes it: the real clock in UTC, moments
at the millisecond precision MongoDB keeps, dates and moments as ISO text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The real clock (services take a ``Clock`` so tests can pass another)."""
    return datetime.now(UTC)


def to_ms_precision(moment: datetime) -> datetime:
    """The moment as MongoDB stores it (whole milliseconds), so an answer
    shows what a later read shows."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def iso(value: date | None) -> str | None:
    """A date or moment as ISO 8601 text; ``None`` stays ``None``."""
    return value.isoformat() if value is not None else None
