"""In-memory token buckets: the memory store's flood guard per client
address (each replica limits on its own)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable


class TokenBuckets:
    def __init__(
        self,
        rate_per_s: float,
        burst: int,
        max_keys: int = 200_000,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.rate_per_s = rate_per_s
        self.burst = float(burst)
        self.max_keys = max_keys
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}

    def take(self, key: str) -> int:
        """Take a token: 0 if allowed, else whole seconds until one is free.
        Buckets are kept in order of last use (the least recent first)."""
        now = self._clock()
        buckets = self._buckets
        found = buckets.pop(key, None)
        if found is None:
            if len(buckets) >= self.max_keys:
                self._forget_idle(now)
            tokens = self.burst
        else:
            tokens = found[0] + (now - found[1]) * self.rate_per_s
            if tokens > self.burst:
                tokens = self.burst
        if tokens >= 1:
            buckets[key] = (tokens - 1, now)
            return 0
        buckets[key] = (tokens, now)
        return max(1, math.ceil((1 - tokens) / self.rate_per_s))

    def __len__(self) -> int:
        return len(self._buckets)

    def _forget_idle(self, now: float) -> None:
        """Drop buckets that have refilled (they hold no information); if
        that is not enough, the least recently used half."""
        full = [
            k
            for k, (tokens, last) in self._buckets.items()
            if tokens + (now - last) * self.rate_per_s >= self.burst
        ]
        for key in full:
            del self._buckets[key]
        if len(self._buckets) >= self.max_keys:
            for key in list(self._buckets)[: len(self._buckets) // 2]:
                del self._buckets[key]
