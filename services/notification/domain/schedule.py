"""When a delivery may go out: quiet hours for SMS, back-off between attempts."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo


@dataclass(frozen=True)
class QuietHours:
    """A daily window in local time (``22:00-08:00`` crosses midnight) during
    which SMS wait. An empty window means no quiet hours."""

    start: time
    end: time
    zone: tzinfo

    @classmethod
    def parse(cls, text: str, zone: tzinfo) -> QuietHours:
        if not text.strip():
            return cls(time(0), time(0), zone)
        try:
            start, end = (time.fromisoformat(p.strip()) for p in text.split("-"))
        except ValueError as exc:
            raise ValueError(f"expected HH:MM-HH:MM, got {text!r}") from exc
        return cls(start, end, zone)

    def is_quiet(self, moment: datetime) -> bool:
        local = moment.astimezone(self.zone).time()
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def next_allowed(self, moment: datetime) -> datetime:
        """``moment`` itself if outside the window, else the window's end."""
        if not self.is_quiet(moment):
            return moment
        local = moment.astimezone(self.zone)
        day = local.date()
        if self.start > self.end and local.time() >= self.start:
            day += timedelta(days=1)
        return datetime.combine(day, self.end, tzinfo=self.zone).astimezone(UTC)


def end_of_day(day: date, zone: tzinfo) -> datetime:
    """The moment ``day`` ends in ``zone``, in UTC."""
    midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    return midnight.astimezone(UTC)


@dataclass(frozen=True)
class Backoff:
    """Exponential back-off with jitter: attempt n waits between half and all
    of ``base * 2**(n-1)``, capped at ``cap`` seconds."""

    base_s: float
    cap_s: float
    jitter: Callable[[], float] = random.random

    def delay(self, attempt: int) -> timedelta:
        ceiling = min(self.cap_s, self.base_s * 2 ** max(attempt - 1, 0))
        return timedelta(seconds=ceiling * (0.5 + 0.5 * self.jitter()))
