"""The lookup limits in this process's memory (RATE_LIMIT_STORE=memory): no
I/O at all, but each replica keeps its own, so behind a load balancer a code
gets its budget once per replica (RATE_LIMIT_STORE=mongo shares it).

At most ``max_keys`` codes are remembered for each table. When one is full,
entries that hold nothing any more (no guess and no warning in the last day,
a one-time code past its time) go first; if that is not enough, the half with
the fewest guesses (or the oldest codes), so spraying many codes with a guess
each cannot push out the count of a code under attack.
"""

from __future__ import annotations

import hmac
import math
import time
from collections import deque
from dataclasses import dataclass

from services.queue.patients.adapters.token_buckets import TokenBuckets
from services.queue.patients.service_layer.ports import (
    DAY_S,
    RESEND_AFTER_S,
    Guess,
    LookupLimits,
    LookupPolicy,
    OneTimeCode,
    Seconds,
)


class _Guesses:
    __slots__ = ("times", "warned_at")

    def __init__(self, limit: int):
        self.times: deque[float] = deque(maxlen=limit)
        self.warned_at = -math.inf

    def recent(self, now: float) -> int:
        """How many of the kept guesses fell in the last day."""
        times = self.times
        while times and times[0] <= now - DAY_S:
            times.popleft()
        return len(times)


@dataclass
class _Issued:
    digest: bytes
    issued_at: float
    attempts_left: int


class MemoryLookupLimits(LookupLimits):
    def __init__(
        self,
        policy: LookupPolicy,
        key: bytes,
        clock: Seconds = time.time,
        max_keys: int = 200_000,
    ):
        super().__init__(policy, key, clock)
        self._clients = TokenBuckets(
            policy.client_per_minute / 60, policy.client_burst, max_keys, clock
        )
        self._guesses: dict[str, _Guesses] = {}
        self._codes: dict[str, _Issued] = {}
        self._max_keys = max_keys

    async def take_client(self, client: str) -> int:
        return self._clients.take(client)

    async def budget_spent(self, code: str) -> bool:
        found = self._guesses.get(code)
        if found is None:
            return False
        return found.recent(self._clock()) >= self.policy.guesses_per_day

    async def count_guess(self, code: str) -> Guess:
        now = self._clock()
        found = self._guesses.get(code)
        if found is None:
            if len(self._guesses) >= self._max_keys:
                self._forget_guesses(now)
            found = self._guesses[code] = _Guesses(self.policy.guesses_per_day)
        found.times.append(now)
        spent = found.recent(now) >= self.policy.guesses_per_day
        warn = spent and found.warned_at <= now - DAY_S
        if warn:
            found.warned_at = now
        return Guess(spent=spent, warn=warn)

    async def issue_code(self, code: str) -> OneTimeCode | None:
        now = self._clock()
        last = self._codes.pop(code, None)
        if last is not None and now - last.issued_at < RESEND_AFTER_S:
            self._codes[code] = last
            return None
        if len(self._codes) >= self._max_keys:
            self._forget_codes(now)
        value = self.new_value()
        self._codes[code] = _Issued(
            self.digest("otp", code, value), now, self.policy.code_attempts
        )
        return OneTimeCode(value, now + self.policy.code_valid_s)

    async def check_code(self, code: str, value: str) -> bool:
        issued = self._codes.get(code)
        if issued is None or issued.attempts_left <= 0:
            return False
        if self._clock() >= issued.issued_at + self.policy.code_valid_s:
            return False
        if hmac.compare_digest(issued.digest, self.digest("otp", code, value)):
            return True
        issued.attempts_left -= 1
        return False

    def _forget_guesses(self, now: float) -> None:
        guesses = self._guesses
        idle = [
            code
            for code, found in guesses.items()
            if not found.recent(now) and found.warned_at <= now - DAY_S
        ]
        for code in idle:
            del guesses[code]
        if len(guesses) >= self._max_keys:
            fewest_first = sorted(guesses, key=lambda code: len(guesses[code].times))
            for code in fewest_first[: len(guesses) // 2]:
                del guesses[code]

    def _forget_codes(self, now: float) -> None:
        lasting = max(self.policy.code_valid_s, RESEND_AFTER_S)
        codes = self._codes
        for code in [c for c, i in codes.items() if now - i.issued_at >= lasting]:
            del codes[code]
        if len(codes) >= self._max_keys:
            for code in list(codes)[: len(codes) // 2]:
                del codes[code]
