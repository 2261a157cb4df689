"""The book as this replica keeps it live: writers wait in it until it has
applied every earlier change of their queue."""

from __future__ import annotations

import asyncio

from services.queue.waiting_list.domain.book import QueueBook
from services.queue.waiting_list.domain.queue_line import QueueLine
from shared.background import wait_or_timeout


class IndexBehind(Exception):
    """The book has not yet applied a queue's committed changes in time."""


class LiveBook(QueueBook):
    def __init__(self, timezone: str = "Asia/Almaty", history_size: int = 64):
        super().__init__(timezone, history_size)
        self._advanced = asyncio.Event()

    async def wait_applied(
        self, queue_id: str, n: int, timeout: float
    ) -> QueueLine | None:
        """Wait until every change of ``queue_id`` up to ``n`` is applied."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            line = self.lines.get(queue_id)
            if n <= (line.watermark if line is not None else 0):
                return line
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise IndexBehind(f"queue {queue_id} not applied up to change {n}")
            await wait_or_timeout(self._advanced, remaining)

    def _notify(self) -> None:
        self._advanced.set()
        self._advanced = asyncio.Event()
