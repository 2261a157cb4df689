"""The lookup limits in MongoDB (RATE_LIMIT_STORE=mongo), shared by every
replica of the queue service.

A document per client address, per referral code with failed guesses and per
one-time code issued, keyed by a keyed digest (never the address or the code
itself), holding a few numbers and an ``expires_at`` that a TTL index removes
it by. Every change is one atomic update, so replicas racing on one key count
every guess and never issue two codes within the minute.
"""

from __future__ import annotations

import hmac
import math
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.queue.patients.service_layer.ports import (
    DAY_S,
    RESEND_AFTER_S,
    Guess,
    LookupLimits,
    LookupPolicy,
    OneTimeCode,
    Seconds,
)
from services.queue.waiting_list.adapters.collections import (
    LOOKUP_CLIENTS,
    LOOKUP_GUESSES,
    ONE_TIME_CODES,
)
from shared.mongo import Document


def _instant(epoch_s: float) -> datetime:
    return datetime.fromtimestamp(epoch_s, UTC)


def _recent(times: Sequence[float], now: float) -> int:
    return sum(1 for moment in times if moment > now - DAY_S)


class MongoLookupLimits(LookupLimits):
    def __init__(
        self,
        db: AsyncDatabase[Document],
        policy: LookupPolicy,
        key: bytes,
        clock: Seconds = time.time,
    ):
        super().__init__(policy, key, clock)
        self._clients = db[LOOKUP_CLIENTS]
        self._guesses = db[LOOKUP_GUESSES]
        self._codes = db[ONE_TIME_CODES]

    async def take_client(self, client: str) -> int:
        now = self._clock()
        rate = self.policy.client_per_minute / 60
        burst = float(self.policy.client_burst)
        doc = await self._clients.find_one_and_update(
            {"_id": self.digest("client", client)},
            _token_bucket(now, rate, burst),
            upsert=True,
            return_document=ReturnDocument.AFTER,
        )
        assert doc is not None  # an upsert returns the document after it
        if doc["allowed"]:
            return 0
        return max(1, math.ceil((1 - doc["tokens"]) / rate))

    async def budget_spent(self, code: str) -> bool:
        doc = await self._guesses.find_one(
            {"_id": self.digest("code", code)}, {"times": 1}
        )
        if doc is None:
            return False
        return _recent(doc["times"], self._clock()) >= self.policy.guesses_per_day

    async def count_guess(self, code: str) -> Guess:
        now = self._clock()
        key = self.digest("code", code)
        limit = self.policy.guesses_per_day
        doc = await self._guesses.find_one_and_update(
            {"_id": key},
            {
                "$push": {"times": {"$each": [now], "$slice": -limit}},
                "$set": {"expires_at": _instant(now + DAY_S)},
            },
            projection={"times": 1, "warned_at": 1},
            upsert=True,
            return_document=ReturnDocument.AFTER,
        )
        assert doc is not None
        spent = _recent(doc["times"], now) >= limit
        if not spent or doc.get("warned_at", -math.inf) > now - DAY_S:
            return Guess(spent=spent, warn=False)
        not_warned = [
            {"warned_at": {"$exists": False}},
            {"warned_at": {"$lte": now - DAY_S}},
        ]
        claimed = await self._guesses.update_one(
            {"_id": key, "$or": not_warned}, {"$set": {"warned_at": now}}
        )
        return Guess(spent=True, warn=claimed.modified_count == 1)

    async def issue_code(self, code: str) -> OneTimeCode | None:
        now = self._clock()
        value = self.new_value()
        valid_s = self.policy.code_valid_s
        fields = {
            "digest": self.digest("otp", code, value),
            "issued_at": now,
            "valid_until": now + valid_s,
            "attempts_left": self.policy.code_attempts,
            "expires_at": _instant(now + max(valid_s, RESEND_AFTER_S)),
        }
        resendable = {"$lte": now - RESEND_AFTER_S}
        try:
            await self._codes.update_one(
                {"_id": self.digest("code", code), "issued_at": resendable},
                {"$set": fields},
                upsert=True,
            )
        except DuplicateKeyError:
            return None  # one was issued less than a minute ago
        return OneTimeCode(value, now + valid_s)

    async def check_code(self, code: str, value: str) -> bool:
        """An attempt is reserved before the comparison and given back when
        the code was right, so racing wrong attempts never exceed the limit."""
        key = self.digest("code", code)
        live = {"_id": key, "attempts_left": {"$gt": 0}}
        before = await self._codes.find_one_and_update(
            {**live, "valid_until": {"$gt": self._clock()}},
            {"$inc": {"attempts_left": -1}},
            return_document=ReturnDocument.BEFORE,
        )
        if before is None:
            return False
        if not hmac.compare_digest(before["digest"], self.digest("otp", code, value)):
            return False
        await self._codes.update_one(
            {"_id": key, "issued_at": before["issued_at"]},
            {"$inc": {"attempts_left": 1}},
        )
        return True


def _token_bucket(now: float, rate: float, burst: float) -> list[dict[str, Any]]:
    """An update pipeline: refill the bucket for the time since its last
    use, take a token if there is one, and say whether there was."""
    idle_s = {"$max": [0, {"$subtract": [now, {"$ifNull": ["$at", now]}]}]}
    kept = {"$ifNull": ["$tokens", burst]}
    refilled = {"$add": [kept, {"$multiply": [rate, idle_s]}]}
    taken = {"$cond": ["$allowed", {"$subtract": ["$tokens", 1]}, "$tokens"]}
    full_again = _instant(now + burst / rate)
    return [
        {"$set": {"tokens": {"$min": [burst, refilled]}}},
        {"$set": {"allowed": {"$gte": ["$tokens", 1]}}},
        {"$set": {"tokens": taken, "at": now, "expires_at": full_again}},
    ]
