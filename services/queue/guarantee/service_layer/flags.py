"""Each guaranteed queue's flagged waiting entries, from the book alone.

One pass over a queue's order index (its waiting keys, head first) gives
every entry's position, its estimate and, from the registration time its key
holds, its deadline. The pass is kept per queue until the day, the queue's
admission counts or its waiting line change (``QueueLine.changes``), as
``Pace.of_line`` keeps a pace: the bureau's list and the sweep ask again and
again, the answer is recomputed only for a queue that changed. Scheduled
entries are not in the order index: they are flagged on the patient's and
the doctor's answers (their own scheduled day), not here."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import cast

from services.queue.guarantee.service_layer.dependencies import Guarantees
from services.queue.waiting_list.domain.estimate import Window, admission_window
from services.queue.waiting_list.domain.guarantee import Standing, standing
from services.queue.waiting_list.domain.ordering import seq_of, unpack
from services.queue.waiting_list.domain.queue_line import QueueLine


@dataclass(frozen=True)
class Flagged:
    """One waiting entry flagged against its deadline (no id: the book keys
    it by its queue and sequence number)."""

    queue_id: str
    seq: int
    position: int
    standing: Standing
    window: Window | None


def guaranteed_lines(g: Guarantees) -> Iterator[QueueLine]:
    """The book's queues whose bed profile has a maximum wait."""
    for line in list(g.book.lines.values()):
        if line.bed_profile in g.max_waits:
            yield line


def flagged_of(g: Guarantees, line: QueueLine, today: date) -> list[Flagged]:
    """The queue's flagged waiting entries in queue order (memoised)."""
    max_days = g.max_waits.get(line.bed_profile)
    if max_days is None:
        return []
    stamp = (today, line.admissions_version, line.changes, max_days)
    kept = g.memo.get(line.queue_id)
    if kept is not None and kept[0] == stamp:
        return cast(list[Flagged], kept[1])
    found = _flag(g, line, today, max_days)
    g.memo[line.queue_id] = (stamp, list(found))
    return found


def _flag(g: Guarantees, line: QueueLine, today: date, max_days: int) -> list[Flagged]:
    pace = g.pace.of_line(line, today)
    days = _LocalDays(g.book.tz)
    found = []
    for position, key in enumerate(line.waiting, 1):
        window = admission_window(position, pace, today) if pace else None
        registered_on = days.of_ms(unpack(key).registered_ms)
        judged = standing(max_days, registered_on, today, window)
        if judged.flagged:
            found.append(Flagged(line.queue_id, seq_of(key), position, judged, window))
    return found


class _LocalDays:
    """Local dates of registration times, the day's bounds kept: a queue's
    keys mostly come in registration order, so most are one comparison."""

    def __init__(self, tz: tzinfo):
        self._tz = tz
        self._bounds: tuple[int, int, date] = (0, -1, date.min)

    def of_ms(self, ms: int) -> date:
        start, end, day = self._bounds
        if start <= ms < end:
            return day
        moment = datetime.fromtimestamp(ms / 1000, UTC).astimezone(self._tz)
        day = moment.date()
        first = datetime.combine(day, time(), moment.tzinfo)
        last = datetime.combine(day + timedelta(days=1), time(), moment.tzinfo)
        self._bounds = (
            int(first.timestamp() * 1000),
            int(last.timestamp() * 1000),
            day,
        )
        return day
