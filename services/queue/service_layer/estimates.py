"""Estimated admission for a place in a queue, from the book's counts."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from services.queue.domain.estimate import Throughput, Window, throughput, wait_days
from services.queue.domain.estimate import admission_window as window_for

if TYPE_CHECKING:
    from services.queue.service_layer.bureau import Bureau


def pace(bureau: Bureau, queue_id: str, today: date) -> Throughput | None:
    """The queue's admissions per day (a range); memoised per queue until the
    day or its admission counts change."""
    line = bureau.book.line(queue_id)
    memo_key = (today, line.admissions_version if line is not None else -1)
    memo = line.pace_memo if line is not None else None
    if memo is not None and memo[0] == memo_key:
        return memo[1]
    facility_id, _, bed_profile = queue_id.partition(":")
    facility = bureau.registry.get(facility_id)
    profile = facility.bed_profiles.get(bed_profile) if facility else None
    settings = bureau.settings
    found = throughput(
        line.admissions if line is not None else {},
        today,
        beds=profile.beds if profile else None,
        typical_stay_days=profile.typical_stay_days if profile else None,
        window_days=settings.estimate_window_days,
        min_admissions=settings.estimate_min_admissions,
    )
    if line is not None:
        line.pace_memo = (memo_key, found)
    return found


def admission_window(
    bureau: Bureau, queue_id: str, position: int, today: date | None = None
) -> Window | None:
    today = today or bureau.today()
    found = pace(bureau, queue_id, today)
    return window_for(position, found, today) if found else None


def wait_range(bureau: Bureau, queue_id: str, position: int) -> tuple[int, int] | None:
    found = pace(bureau, queue_id, bureau.today())
    return wait_days(position, found) if found else None
