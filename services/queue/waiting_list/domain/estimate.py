"""The estimated admission window: an honest band from the queue's real
throughput. A queue that admitted fewer than ``min_admissions`` patients in
the trailing ``window_days`` (ESTIMATE_MIN_ADMISSIONS, ESTIMATE_WINDOW_DAYS)
gets no estimate; a band reaching past ``HORIZON_DAYS`` has no latest date:
admission is not before its earliest and may be later than the horizon."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

HORIZON_DAYS = 730
"""The furthest an estimate looks ahead (two years): beyond it the pace of
today says nothing, so no date past it is promised."""
Day = TypeVar("Day", date, str)


@dataclass(frozen=True, slots=True)
class Throughput:
    """Admissions per day from the queue's own history, as a range."""

    low: float
    high: float


@dataclass(frozen=True)
class Window:
    """When a place may expect admission: from ``earliest`` to ``latest``, or
    beyond the horizon (``latest`` None: not before ``earliest``, possibly
    later than ``horizon``)."""

    earliest: date
    latest: date | None
    horizon: date

    @property
    def beyond_horizon(self) -> bool:
        return self.latest is None


def throughput(
    admissions_by_day: Mapping[date, int],
    today: date,
    *,
    window_days: int = 28,
    min_admissions: int = 10,
) -> Throughput | None:
    """From the trailing ``window_days`` (split in weeks, so the band shows how
    much the pace varies); None with fewer than ``min_admissions`` in them."""
    days = [today - timedelta(days=d) for d in range(1, window_days + 1)]
    total = sum(admissions_by_day.get(d, 0) for d in days)
    if total < max(1, min_admissions):
        return None
    weeks = [
        sum(admissions_by_day.get(d, 0) for d in days[i : i + 7]) / 7
        for i in range(0, window_days, 7)
    ]
    mean = total / window_days
    return Throughput(low=max(min(weeks), mean / 2), high=max(max(weeks), mean))


def wait_days(position: int, pace: Throughput) -> tuple[int, int | None]:
    """Days until admission for ``position`` (1 = next): (soonest, latest),
    latest None when it lies beyond ``HORIZON_DAYS`` (soonest is then at most
    the horizon)."""
    soonest = max(1, math.floor(position / pace.high))
    latest = max(soonest, math.ceil(position / pace.low))
    if latest > HORIZON_DAYS:
        return min(soonest, HORIZON_DAYS), None
    return soonest, latest


def admission_window(position: int, pace: Throughput, today: date) -> Window:
    soonest, latest = wait_days(position, pace)
    return Window(
        earliest=today + timedelta(days=soonest),
        latest=today + timedelta(days=latest) if latest is not None else None,
        horizon=today + timedelta(days=HORIZON_DAYS),
    )


def band(earliest: Day, latest: Day | None, horizon: Day) -> dict[str, object]:
    """An estimate as the API and the events carry it (dates or their ISO
    texts): ``horizon`` is named only when the band reaches past it."""
    beyond = latest is None
    return {
        "earliest": earliest,
        "latest": latest,
        "beyond_horizon": beyond,
        "horizon": horizon if beyond else None,
    }
