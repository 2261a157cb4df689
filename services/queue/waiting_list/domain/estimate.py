"""The estimated admission window: an honest band from the queue's real
throughput, or from its beds when there is too little history."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

PLANNED_SHARE_LOW = 0.5
MAX_HORIZON_DAYS = 730


@dataclass(frozen=True, slots=True)
class Throughput:
    """Admissions per day, as a range, and where the figure comes from."""

    low: float
    high: float
    source: str  # "history" or "capacity"


@dataclass(frozen=True)
class Window:
    earliest: date
    latest: date


def throughput(
    admissions_by_day: Mapping[date, int],
    today: date,
    *,
    beds: int | None,
    typical_stay_days: int | None,
    window_days: int = 28,
    min_admissions: int = 10,
) -> Throughput | None:
    """From the trailing ``window_days`` (split in weeks, so the band shows how
    much the pace varies), else from bed turnover (beds / typical stay, of
    which at least half goes to planned admissions)."""
    days = [today - timedelta(days=d) for d in range(1, window_days + 1)]
    total = sum(admissions_by_day.get(d, 0) for d in days)
    if total >= min_admissions:
        weeks = [
            sum(admissions_by_day.get(d, 0) for d in days[i : i + 7]) / 7
            for i in range(0, window_days, 7)
        ]
        mean = total / window_days
        return Throughput(
            low=max(min(weeks), mean / 2), high=max(max(weeks), mean), source="history"
        )
    if beds and typical_stay_days:
        turnover = beds / typical_stay_days
        return Throughput(
            low=turnover * PLANNED_SHARE_LOW, high=turnover, source="capacity"
        )
    return None


def wait_days(position: int, pace: Throughput) -> tuple[int, int]:
    """Days until admission for ``position`` (1 = next): (soonest, latest)."""
    soonest = max(1, math.floor(position / pace.high))
    latest = max(soonest, math.ceil(position / pace.low))
    return min(soonest, MAX_HORIZON_DAYS), min(latest, MAX_HORIZON_DAYS)


def admission_window(position: int, pace: Throughput, today: date) -> Window:
    soonest, latest = wait_days(position, pace)
    return Window(
        earliest=today + timedelta(days=soonest),
        latest=today + timedelta(days=latest),
    )
