"""One ``Idempotency-Key`` mechanism for every service: a change answered
once, its answer kept in the change's own transaction, and a retry with the
same key and the same request given that first answer back (with
``Idempotent-Replayed: true``) without a second change.

- A key is 1 to 255 visible ASCII characters (:func:`checked_key`).
- A key belongs to a scope the service names (e.g. facility, doctor or
  action, and the key: :func:`scope`), so two callers never share answers.
- A request is recognised by its :func:`fingerprint`, SHA-256 over its
  canonical JSON (keyed HMAC-SHA256 when it holds personal data); the same
  key with another fingerprint is :class:`IdempotencyKeyReused`.
- Answers are kept until ``expires_at`` in an :class:`Answers` repository:
  :mod:`shared.mongo_idempotency` on MongoDB (pruned by a TTL index),
  :mod:`shared.memory_idempotency` in memory.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")


class MalformedIdempotencyKey(ValueError):
    """The header is not 1 to 255 visible ASCII characters."""


class IdempotencyKeyReused(Exception):
    """The key already answered a different request (each service's error
    table says so in its own words)."""


class AnsweredConcurrently(Exception):
    """Another transaction kept an answer for the same scope at the same
    moment; running the change again replays that answer."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]
    replayed: bool = False


@dataclass(frozen=True)
class StoredAnswer:
    fingerprint: str
    status: int
    body: dict[str, Any]


@dataclass(frozen=True)
class KeyedRequest:
    """A request sent with an Idempotency-Key: where its answer is kept and
    what it asked."""

    scope: str
    fingerprint: str


def checked_key(header: str | None) -> str | None:
    """The header's key (None when there is none); MalformedIdempotencyKey
    if it is not 1 to 255 visible ASCII characters."""
    if header is not None and not _KEY.match(header):
        raise MalformedIdempotencyKey(header)
    return header


def scope(*parts: str) -> str:
    """Where a key's answer is kept: the caller's parts and the key."""
    return "|".join(parts)


def fingerprint(request: Any, key: bytes | None = None) -> str:
    """SHA-256 over ``request`` as canonical JSON (sorted keys, no spaces);
    keyed HMAC-SHA256 with ``key``, so a request holding personal data
    cannot be guessed back from its fingerprint."""
    canonical = json.dumps(
        request, sort_keys=True, separators=(",", ":"), default=str
    ).encode()
    if key is None:
        return hashlib.sha256(canonical).hexdigest()
    return hmac.new(key, canonical, hashlib.sha256).hexdigest()


class Answers(ABC):
    """The answers kept for keyed requests, bound to one transaction."""

    @abstractmethod
    async def find(self, scope: str, now: datetime) -> StoredAnswer | None:
        """The answer kept for ``scope``, unless it expired by ``now``."""

    @abstractmethod
    async def keep(
        self, scope: str, answer: StoredAnswer, expires_at: datetime
    ) -> None:
        """Keep ``answer`` for ``scope`` until ``expires_at``, in place of
        whatever was kept for it (an expired answer: a live one is replayed
        instead); AnsweredConcurrently if another transaction kept one at
        the same moment."""


async def earlier_answer(
    answers: Answers, request: KeyedRequest | None, now: datetime
) -> Answer | None:
    """The first answer to this request, replayed; None if there is none
    (or no key); IdempotencyKeyReused if the key answered another request."""
    if request is None:
        return None
    stored = await answers.find(request.scope, now)
    if stored is None:
        return None
    if stored.fingerprint != request.fingerprint:
        raise IdempotencyKeyReused()
    return Answer(stored.status, stored.body, replayed=True)


async def answered_once(
    answers: Answers,
    request: KeyedRequest | None,
    now: datetime,
    kept_for: timedelta,
    change: Callable[[], Awaitable[Answer]],
) -> Answer:
    """Within one transaction: the earlier answer to this request if there
    is one, else ``change``'s answer, kept for ``kept_for`` with it (a
    change that raises keeps nothing, so its key stays unused)."""
    earlier = await earlier_answer(answers, request, now)
    if earlier is not None:
        return earlier
    answer = await change()
    if request is not None:
        stored = StoredAnswer(request.fingerprint, answer.status, answer.body)
        await answers.keep(request.scope, stored, now + kept_for)
    return answer
