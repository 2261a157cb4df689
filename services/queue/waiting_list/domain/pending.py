"""The pending changes of one transaction to the queues it touches."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from itertools import islice

from services.queue.waiting_list.domain.order_index import OrderIndex
from services.queue.waiting_list.domain.queue_line import QueueLine


@dataclass
class PendingQueue:
    """One queue as a transaction sees it: the book's line plus the keys this
    transaction added to and removed from its waiting line, its change
    counter, sequence and log head."""

    queue_id: str
    n: int
    seq: int
    head_hash: str
    line: QueueLine | None
    added: OrderIndex = field(default_factory=OrderIndex)
    removed: set[int] = field(default_factory=set)

    def rank(self, key: int) -> int:
        """Waiting keys before ``key``, with this transaction's changes."""
        base = self.line.waiting.bisect_left(key) if self.line else 0
        gone = sum(1 for k in self.removed if k < key)
        return base - gone + self.added.bisect_left(key)

    def length(self) -> int:
        base = len(self.line.waiting) if self.line else 0
        return base - len(self.removed) + len(self.added)

    def head(self, count: int) -> list[int]:
        source = self.line.waiting.head(count + len(self.removed)) if self.line else []
        kept = (k for k in source if k not in self.removed)
        return list(islice(heapq.merge(kept, self.added), count))

    def position_before(self, key: int) -> int | None:
        if self.line is None or key not in self.line.waiting:
            return None
        return self.line.position(key)

    def leave(self, key: int) -> None:
        if key in self.added:
            self.added.discard(key)
        else:
            self.removed.add(key)

    def join(self, key: int) -> None:
        if key in self.removed:
            self.removed.discard(key)
        else:
            self.added.add(key)
