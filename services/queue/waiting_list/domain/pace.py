"""How fast each queue admits, and so the admission window of a place in it:
a pure function of the waiting list's admission counts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from services.queue.waiting_list.domain.book import QueueBook
from services.queue.waiting_list.domain.estimate import (
    Throughput,
    Window,
    admission_window,
    throughput,
    wait_days,
)
from services.queue.waiting_list.domain.queue_line import QueueLine


@dataclass(frozen=True)
class Pace:
    window_days: int
    min_admissions: int

    def of_line(self, line: QueueLine, today: date) -> Throughput | None:
        """The queue's admissions per day (a range), memoised until the day
        or the queue's admission counts change (the lookup asks every time)."""
        memo = line.pace_memo
        if memo is not None and memo[0] == today and memo[1] == line.admissions_version:
            return memo[2]
        found = self._throughput(line.admissions, today)
        line.pace_memo = (today, line.admissions_version, found)
        return found

    def of_queue(
        self, book: QueueBook, queue_id: str, today: date
    ) -> Throughput | None:
        line = book.line(queue_id)
        return self.of_line(line, today) if line is not None else None

    def window(
        self, book: QueueBook, queue_id: str, position: int, today: date
    ) -> Window | None:
        """When ``position`` (1 = next) may expect to be admitted."""
        found = self.of_queue(book, queue_id, today)
        return admission_window(position, found, today) if found else None

    def wait_range(
        self, book: QueueBook, queue_id: str, position: int, today: date
    ) -> tuple[int, int | None] | None:
        found = self.of_queue(book, queue_id, today)
        return wait_days(position, found) if found else None

    def _throughput(
        self, admissions: Mapping[date, int], today: date
    ) -> Throughput | None:
        return throughput(
            admissions,
            today,
            window_days=self.window_days,
            min_admissions=self.min_admissions,
        )
