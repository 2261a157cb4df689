"""The waiting keys of one queue, sorted, with positions by bisection.

Keys sit in sorted chunks of at most ``2 * load``; a position is the number
of keys in the chunks before the key's chunk (kept as running totals,
recounted after a change, one number per chunk) plus a bisection inside it.
Most queues fit one chunk, and then a position is a single bisection: the
patients' lookup asks for one on every request."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator

LOAD = 1000


class OrderIndex:
    __slots__ = ("_before", "_chunks", "_len", "_load", "_maxes")

    def __init__(self, keys: Iterable[int] = (), load: int = LOAD):
        ordered = sorted(keys)
        self._load = load
        self._chunks = [ordered[i : i + load] for i in range(0, len(ordered), load)]
        self._maxes = [chunk[-1] for chunk in self._chunks]
        self._len = len(ordered)
        self._before: list[int] | None = None

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[int]:
        for chunk in self._chunks:
            yield from chunk

    def __contains__(self, key: int) -> bool:
        at = bisect.bisect_left(self._maxes, key)
        if at == len(self._maxes):
            return False
        chunk = self._chunks[at]
        i = bisect.bisect_left(chunk, key)
        return chunk[i] == key

    def bisect_left(self, key: int) -> int:
        """How many keys are smaller than ``key``."""
        maxes = self._maxes
        at = bisect.bisect_left(maxes, key)
        if at == 0:
            return bisect.bisect_left(self._chunks[0], key) if maxes else 0
        if at == len(maxes):
            return self._len
        before = self._before if self._before is not None else self._count()
        return before[at] + bisect.bisect_left(self._chunks[at], key)

    def head(self, count: int) -> list[int]:
        """The ``count`` smallest keys."""
        taken: list[int] = []
        for chunk in self._chunks:
            if len(taken) >= count:
                break
            taken.extend(chunk[: count - len(taken)])
        return taken

    def add(self, key: int) -> None:
        chunks, maxes = self._chunks, self._maxes
        if not chunks:
            chunks.append([key])
            maxes.append(key)
        else:
            at = min(bisect.bisect_left(maxes, key), len(maxes) - 1)
            chunk = chunks[at]
            bisect.insort(chunk, key)
            maxes[at] = chunk[-1]
            if len(chunk) > 2 * self._load:
                half = chunk[self._load :]
                del chunk[self._load :]
                chunks.insert(at + 1, half)
                maxes[at] = chunk[-1]
                maxes.insert(at + 1, half[-1])
        self._len += 1
        self._before = None

    def discard(self, key: int) -> None:
        maxes = self._maxes
        at = bisect.bisect_left(maxes, key)
        if at == len(maxes):
            return
        chunk = self._chunks[at]
        i = bisect.bisect_left(chunk, key)
        if chunk[i] != key:
            return
        del chunk[i]
        if chunk:
            maxes[at] = chunk[-1]
        else:
            del self._chunks[at]
            del maxes[at]
        self._len -= 1
        self._before = None

    def _count(self) -> list[int]:
        before = [0]
        for chunk in self._chunks[:-1]:
            before.append(before[-1] + len(chunk))
        self._before = before
        return before
