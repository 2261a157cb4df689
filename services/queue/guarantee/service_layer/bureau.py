"""The bureau's list of the entries at risk and in breach: computed from the
book (``flags.py``), never by counting documents; only the page's rows are
read from MongoDB, by queue and sequence number (an index), for their ids.
No IIN, no name: a row is identifiers, dates, the flag and the estimate."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.queue.guarantee.service_layer.dependencies import Guarantees
from services.queue.guarantee.service_layer.flags import (
    Flagged,
    flagged_of,
    guaranteed_lines,
)
from services.queue.guarantee.service_layer.standing import window_band
from services.queue.waiting_list.domain.guarantee import FLAGGED
from services.queue.waiting_list.domain.queue_line import QueueLine


@dataclass(frozen=True)
class BureauQuery:
    region: str | None = None
    bed_profile: str | None = None
    facility_id: str | None = None
    flag: str | None = None
    offset: int = 0
    limit: int = 100


def _wanted(g: Guarantees, line: QueueLine, query: BureauQuery) -> bool:
    if query.bed_profile is not None and line.bed_profile != query.bed_profile:
        return False
    if query.facility_id is not None and line.facility_id != query.facility_id:
        return False
    if query.region is not None:
        facility = g.registry.get(line.facility_id)
        return facility is not None and facility.region == query.region
    return True


def _queue_counts(line: QueueLine, flagged: list[Flagged]) -> dict[str, Any]:
    counts = Counter(f.standing.flag for f in flagged)
    return {
        "queue_id": line.queue_id,
        "facility_id": line.facility_id,
        "bed_profile": line.bed_profile,
        "waiting": len(line.waiting),
        **{flag: counts.get(flag, 0) for flag in FLAGGED},
    }


async def wait_guarantee_list(g: Guarantees, query: BureauQuery) -> dict[str, Any]:
    """The flagged entries (queue by queue, each in queue order), a page of
    them, and every matching queue's counts."""
    today = g.calendar.today()
    queues: list[dict[str, Any]] = []
    rows: list[Flagged] = []
    total = 0
    for line in sorted(guaranteed_lines(g), key=lambda ln: ln.queue_id):
        if not _wanted(g, line, query):
            continue
        flagged = flagged_of(g, line, today)
        queues.append(_queue_counts(line, flagged))
        if query.flag is not None:
            flagged = [f for f in flagged if f.standing.flag == query.flag]
        start = max(0, query.offset - total)
        room = query.limit - len(rows)
        if room > 0 and start < len(flagged):
            rows.extend(flagged[start : start + room])
        total += len(flagged)
    return {
        "as_of": today.isoformat(),
        "max_wait_days": dict(g.max_waits),
        "total": total,
        "offset": query.offset,
        "limit": query.limit,
        "entries": await _rows(g, rows, today),
        "queues": [q for q in queues if any(q[flag] for flag in FLAGGED)],
    }


async def _rows(
    g: Guarantees, flagged: list[Flagged], today: date
) -> list[dict[str, Any]]:
    """The page's rows with their entries' ids (one indexed read per queue
    on the page); an entry that changed meanwhile is left out."""
    by_queue: dict[str, list[int]] = {}
    for row in flagged:
        by_queue.setdefault(row.queue_id, []).append(row.seq)
    reader = g.uow.reader().entries
    ids: dict[tuple[str, int], tuple[str, str]] = {}
    for queue_id, seqs in by_queue.items():
        for entry in await reader.by_seqs(queue_id, seqs):
            if entry.status.value == "waiting":
                ids[(queue_id, entry.seq)] = (entry.entry_id, entry.referral_id)
    return [
        _row(row, *ids[(row.queue_id, row.seq)])
        for row in flagged
        if (row.queue_id, row.seq) in ids
    ]


def _row(row: Flagged, entry_id: str, referral_id: str) -> dict[str, Any]:
    found = row.standing
    return {
        "entry_id": entry_id,
        "referral_id": referral_id,
        "queue_id": row.queue_id,
        "position": row.position,
        "registered_on": found.registered_on.isoformat(),
        "deadline": found.deadline.isoformat(),
        "flag": found.flag,
        "days_over": found.days_over,
        "estimated_admission": window_band(row.window),
    }
