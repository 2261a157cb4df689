"""Estimated admission for a place in a queue, from the book's counts."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from services.queue.waiting_list.domain.estimate import (
    Throughput,
    Window,
    throughput,
    wait_days,
)
from services.queue.waiting_list.domain.estimate import admission_window as window_for

if TYPE_CHECKING:
    from services.queue.waiting_list.domain.queue_line import QueueLine
    from services.queue.waiting_list.service_layer.bureau import Bureau


def pace(bureau: Bureau, queue_id: str, today: date) -> Throughput | None:
    """The queue's admissions per day (a range)."""
    line = bureau.book.line(queue_id)
    if line is not None:
        return line_pace(bureau, line, today)
    return _throughput(bureau, queue_id, {}, today)


def line_pace(bureau: Bureau, line: QueueLine, today: date) -> Throughput | None:
    """The same for a queue in the book, memoised until the day or the
    queue's admission counts change (the lookup asks on every call)."""
    memo = line.pace_memo
    if memo is not None and memo[0] == today and memo[1] == line.admissions_version:
        return memo[2]
    found = _throughput(bureau, line.queue_id, line.admissions, today)
    line.pace_memo = (today, line.admissions_version, found)
    return found


def _throughput(
    bureau: Bureau, queue_id: str, admissions: Mapping[date, int], today: date
) -> Throughput | None:
    facility_id, _, bed_profile = queue_id.partition(":")
    facility = bureau.registry.get(facility_id)
    profile = facility.bed_profiles.get(bed_profile) if facility else None
    settings = bureau.settings
    return throughput(
        admissions,
        today,
        beds=profile.beds if profile else None,
        typical_stay_days=profile.typical_stay_days if profile else None,
        window_days=settings.estimate_window_days,
        min_admissions=settings.estimate_min_admissions,
    )


def admission_window(
    bureau: Bureau, queue_id: str, position: int, today: date | None = None
) -> Window | None:
    today = today or bureau.today()
    found = pace(bureau, queue_id, today)
    return window_for(position, found, today) if found else None


def wait_range(bureau: Bureau, queue_id: str, position: int) -> tuple[int, int] | None:
    found = pace(bureau, queue_id, bureau.today())
    return wait_days(position, found) if found else None
