"""The port for what the patient lookup remembers between requests: a flood
guard per client address, the failed guesses per referral code in the last
day (its guess budget) and the one-time codes sent once that budget is spent.

Each replica can keep its own (``MemoryLookupLimits``) or all can share one
in MongoDB (``MongoLookupLimits``); both pass the same contract tests.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field

from services.queue.settings import QueueSettings

DAY_S = 86_400
RESEND_AFTER_S = 60
"""A new one-time code for the same referral code at most this often: the
longest a patient holding code and IIN can be kept out."""
Seconds = Callable[[], float]


@dataclass(frozen=True)
class LookupPolicy:
    client_per_minute: float
    client_burst: int
    guesses_per_day: int
    code_valid_s: int
    code_attempts: int

    @classmethod
    def from_settings(cls, settings: QueueSettings) -> LookupPolicy:
        return cls(
            client_per_minute=settings.lookup_ip_per_minute,
            client_burst=settings.lookup_ip_burst,
            guesses_per_day=settings.lookup_guesses_per_day,
            code_valid_s=settings.one_time_code_minutes * 60,
            code_attempts=settings.one_time_code_attempts,
        )


@dataclass(frozen=True)
class Guess:
    """A failed verification, counted: whether the code's budget is now
    spent, and whether to tell the patient (the first time in a day)."""

    spent: bool
    warn: bool


@dataclass(frozen=True)
class OneTimeCode:
    value: str = field(repr=False)
    expires_at: float


class LookupLimits(ABC):
    def __init__(self, policy: LookupPolicy, key: bytes, clock: Seconds = time.time):
        self.policy = policy
        self._key = hmac.new(key, b"kezek lookup limits", hashlib.sha256).digest()
        self._clock = clock

    @abstractmethod
    async def take_client(self, client: str) -> int:
        """Take one lookup from the client's bucket: 0 if allowed, else the
        whole seconds until the next one is."""

    @abstractmethod
    async def budget_spent(self, code: str) -> bool:
        """Whether ``code`` had ``guesses_per_day`` failed guesses in the
        last day (then only a one-time code lets anyone in)."""

    @abstractmethod
    async def count_guess(self, code: str) -> Guess:
        """Record a failed verification of ``code``."""

    @abstractmethod
    async def issue_code(self, code: str) -> OneTimeCode | None:
        """A new one-time code for ``code`` (replacing the last one), or None
        if the last was issued less than RESEND_AFTER_S ago."""

    @abstractmethod
    async def check_code(self, code: str, value: str) -> bool:
        """Whether ``value`` is the live one-time code of ``code``; a wrong
        one uses up one of its attempts."""

    def digest(self, *parts: str) -> bytes:
        """A keyed digest: what is stored instead of a code, an address or a
        one-time code."""
        joined = "\x1f".join(parts).encode()
        return hmac.new(self._key, joined, hashlib.sha256).digest()[:16]

    @staticmethod
    def new_value() -> str:
        return f"{secrets.randbelow(1_000_000):06d}"
