"""One queue as the book keeps it: its waiting line (an ``OrderIndex``), the
counters the estimates and the bed figures use, its recent movements; and
the few facts per entry a patient's lookup needs."""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from datetime import date

from services.queue.waiting_list.domain.estimate import Throughput
from services.queue.waiting_list.domain.movement import (
    Movement,
    PositionChange,
    RecentMoves,
)
from services.queue.waiting_list.domain.order_index import OrderIndex
from services.queue.waiting_list.domain.status import CLOSED

ADMITTED_STATES = frozenset({"admitted", "discharged"})
CLOSED_STATES = frozenset(status.value for status in CLOSED)
"""``status.CLOSED`` as the plain strings the book compares."""


@dataclass(frozen=True)
class EntryState:
    """An entry as the book needs it, after one committed change."""

    code: str
    queue_id: str
    facility_id: str
    bed_profile: str
    key: int
    status: str
    version: int
    digest: bytes
    updated_s: int
    scheduled_date: date | None
    admitted_day: date | None
    admitting_facility_id: str | None = None


@dataclass(slots=True)
class IndexedEntry:
    line: QueueLine
    key: int
    status: str
    digest: bytes
    version: int
    updated_s: int
    scheduled_date: date | None
    admitting_facility_id: str | None = None
    """Where the patient was admitted as an emergency, for an entry closed
    so (shown to the patient only)."""


class QueueLine:
    """One queue: its waiting line and the counters the estimates use.
    (Slots: a lookup reads a few of these from a cold line of memory.)"""

    __slots__ = (
        "_recent",
        "admissions",
        "admissions_version",
        "admitted",
        "ahead",
        "bed_profile",
        "changes",
        "facility_id",
        "history",
        "pace_memo",
        "queue_id",
        "scheduled",
        "waiting",
        "watermark",
    )

    def __init__(self, queue_id: str, facility_id: str, bed_profile: str):
        self.queue_id = queue_id
        self.facility_id = facility_id
        self.bed_profile = bed_profile
        self.waiting = OrderIndex()
        self.scheduled: Counter[date] = Counter()
        self.admitted = 0
        self.admissions: Counter[date] = Counter()
        self.admissions_version = 0
        self.pace_memo: tuple[date, int, Throughput | None] | None = None
        self.history: list[Movement] = []
        self._recent: RecentMoves | None = None
        self.watermark = 0
        self.ahead: set[int] = set()
        self.changes = 0
        """Entries' changes applied to this line (what a view of the whole
        line, memoised, compares)."""

    def __len__(self) -> int:
        return len(self.waiting)

    def position(self, key: int) -> int:
        return self.waiting.bisect_left(key) + 1

    def head(self, count: int) -> list[int]:
        return self.waiting.head(count)

    def count_admission(self, day: date) -> None:
        self.admissions[day] += 1
        self.admissions_version += 1

    def last_change(self, key: int) -> PositionChange | None:
        if self._recent is None:
            self._recent = RecentMoves(self.history)
        return self._recent.last_change(key)

    def set_history(self, moves: list[Movement]) -> None:
        self.history = moves
        self._recent = None

    def remember(self, move: Movement, size: int) -> None:
        """Add a movement in order of change number, keeping the last ``size``."""
        history = self.history
        if not history or move.n > history[-1].n:
            history.append(move)
        else:
            at = bisect.bisect_left([m.n for m in history], move.n)
            if at < len(history) and history[at].n == move.n:
                return
            history.insert(at, move)
        if len(history) > size:
            del history[: len(history) - size]
        self._recent = None
