"""The queue book: every queue's waiting line in memory.

Per queue, the waiting entries' order keys in an ``OrderIndex`` (an
order-statistics index: a position is a bisection, O(log n)); per code, the
few facts a patient's lookup needs. Positions are derived here and never
stored per entry. The book is rebuilt from MongoDB at start and then follows
committed changes only (this replica's own right after commit, every
replica's through the change stream), applying each entry's newest version.

Each queue counts its changes (``n``, from its MongoDB document); ``watermark``
is the highest ``n`` up to which every change of that queue has been applied
(a writer waits, in the live book, until it is exact for its queue).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from services.queue.waiting_list.domain.movement import Departure, Movement
from services.queue.waiting_list.domain.order_index import OrderIndex
from services.queue.waiting_list.domain.queue_line import (
    ADMITTED_STATES,
    CLOSED_STATES,
    EntryState,
    IndexedEntry,
    QueueLine,
)


class QueueBook:
    def __init__(self, timezone: str = "Asia/Almaty", history_size: int = 64):
        self.tz = ZoneInfo(timezone)
        self.history_size = history_size
        self.entries: dict[str, IndexedEntry] = {}
        self.lines: dict[str, QueueLine] = {}
        self.closed: deque[tuple[int, str]] = deque()

    def get(self, code: str) -> IndexedEntry | None:
        return self.entries.get(code)

    def line(self, queue_id: str) -> QueueLine | None:
        return self.lines.get(queue_id)

    def position(self, entry: IndexedEntry) -> int | None:
        return entry.line.position(entry.key) if entry.status == "waiting" else None

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    def ensure_line(
        self, queue_id: str, facility_id: str, bed_profile: str
    ) -> QueueLine:
        line = self.lines.get(queue_id)
        if line is None:
            line = self.lines[queue_id] = QueueLine(queue_id, facility_id, bed_profile)
        return line

    def apply(
        self,
        state: EntryState,
        n: int | None = None,
        move: Movement | None = None,
        departure: Departure | None = None,
    ) -> None:
        """Apply one committed change; older versions than known are ignored,
        but their change number still counts as applied (as does the change
        a move made to the queue the entry left: ``departure``)."""
        line = self.ensure_line(state.queue_id, state.facility_id, state.bed_profile)
        old = self.entries.get(state.code)
        if old is None or state.version > old.version:
            was_admitted = old is not None and old.status in ADMITTED_STATES
            if old is not None:
                _withdraw(old)
            entry = old or IndexedEntry(line, state.key, "", state.digest, 0, 0, None)
            entry.line = line  # another queue's after a move
            entry.key = state.key
            entry.status = state.status
            entry.version = state.version
            entry.updated_s = state.updated_s
            entry.scheduled_date = state.scheduled_date
            entry.admitting_facility_id = state.admitting_facility_id
            self.entries[state.code] = entry
            _contribute(entry)
            line.changes += 1
            if entry.status in CLOSED_STATES:
                self.closed.append((entry.updated_s, state.code))
            if state.admitted_day is not None and not was_admitted:
                line.count_admission(state.admitted_day)
        if move is not None:
            self._remember(line, move)
        if n is not None:
            self._mark(line, n)
        if departure is not None:
            self._depart(departure)

    def _depart(self, departure: Departure) -> None:
        left = self.ensure_line(
            departure.queue_id, departure.facility_id, departure.bed_profile
        )
        self._remember(left, departure.move)
        self._mark(left, departure.move.n)

    def set_watermark(
        self, queue_id: str, facility_id: str, bed_profile: str, n: int
    ) -> None:
        line = self.ensure_line(queue_id, facility_id, bed_profile)
        line.watermark = max(line.watermark, n)
        self._notify()

    def reset(self) -> None:
        """Forget everything (before a full rebuild)."""
        self.entries = {}
        self.lines = {}
        self.closed = deque()
        self._notify()

    def loader(self) -> BookLoader:
        return BookLoader(self)

    def prune(self, closed_before_s: int, admissions_since: date) -> int:
        """Forget closed entries last changed before ``closed_before_s`` and
        admission counts older than ``admissions_since``. Closed entries are
        kept in the order they closed, so this touches only those it forgets."""
        forgotten = 0
        while self.closed and self.closed[0][0] < closed_before_s:
            _, code = self.closed.popleft()
            entry = self.entries.get(code)
            if (
                entry is not None
                and entry.status in CLOSED_STATES
                and entry.updated_s < closed_before_s
            ):
                del self.entries[code]
                forgotten += 1
        for line in self.lines.values():
            for day in [d for d in line.admissions if d < admissions_since]:
                del line.admissions[day]
                line.admissions_version += 1
        return forgotten

    def _remember(self, line: QueueLine, move: Movement) -> None:
        line.remember(move, self.history_size)

    def _mark(self, line: QueueLine, n: int) -> None:
        if n <= line.watermark:
            return
        if n != line.watermark + 1:
            line.ahead.add(n)
            return
        line.watermark = n
        while line.watermark + 1 in line.ahead:
            line.watermark += 1
            line.ahead.discard(line.watermark)
        self._notify()

    def _notify(self) -> None:
        """A queue's watermark moved (the live book wakes the writers waiting
        for it; this pure one has nobody to tell)."""


class BookLoader:
    """Bulk load at start: collects each queue's keys, sorts them once."""

    def __init__(self, book: QueueBook):
        self._book = book
        self._keys: dict[str, list[int]] = {}
        self._moves: dict[str, list[Movement]] = {}
        self._closed: list[tuple[int, str]] = []
        self.count = 0

    def add(self, state: EntryState, moves: Sequence[Movement] = ()) -> None:
        book = self._book
        line = book.ensure_line(state.queue_id, state.facility_id, state.bed_profile)
        entry = IndexedEntry(
            line,
            state.key,
            state.status,
            state.digest,
            state.version,
            state.updated_s,
            state.scheduled_date,
            state.admitting_facility_id,
        )
        book.entries[state.code] = entry
        if state.status == "waiting":
            self._keys.setdefault(state.queue_id, []).append(state.key)
        else:
            _contribute(entry)
            if state.status in CLOSED_STATES:
                self._closed.append((state.updated_s, state.code))
        if state.admitted_day is not None:
            line.count_admission(state.admitted_day)
        if moves:
            self._moves.setdefault(state.queue_id, []).extend(moves)
        self.count += 1

    def add_departure(self, departure: Departure, moves: Sequence[Movement]) -> None:
        """The recent movements a moved entry left in the queue it left (its
        own there, and its departure)."""
        self._book.ensure_line(
            departure.queue_id, departure.facility_id, departure.bed_profile
        )
        self._moves.setdefault(departure.queue_id, []).extend(moves)

    def finish(self) -> None:
        book = self._book
        for queue_id, keys in self._keys.items():
            book.lines[queue_id].waiting = OrderIndex(keys)
            book.lines[queue_id].changes += 1
        for queue_id, moves in self._moves.items():
            moves.sort(key=lambda m: m.n)
            book.lines[queue_id].set_history(moves[-book.history_size :])
        self._closed.sort()
        book.closed = deque(self._closed)
        self._keys.clear()
        self._moves.clear()
        self._closed = []


def _withdraw(entry: IndexedEntry) -> None:
    line = entry.line
    if entry.status == "waiting":
        line.waiting.discard(entry.key)
    elif entry.status == "scheduled" and entry.scheduled_date is not None:
        line.scheduled[entry.scheduled_date] -= 1
        if line.scheduled[entry.scheduled_date] <= 0:
            del line.scheduled[entry.scheduled_date]
    elif entry.status == "admitted":
        line.admitted -= 1


def _contribute(entry: IndexedEntry) -> None:
    line = entry.line
    if entry.status == "waiting":
        line.waiting.add(entry.key)
    elif entry.status == "scheduled" and entry.scheduled_date is not None:
        line.scheduled[entry.scheduled_date] += 1
    elif entry.status == "admitted":
        line.admitted += 1


def epoch_s(moment: datetime) -> int:
    return int(moment.timestamp())


def from_epoch_s(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)
