"""The answers of keyed requests in memory (one collection of a
:class:`shared.memory_unit_of_work.MemoryStore`), for service-layer tests."""

from __future__ import annotations

import copy
from dataclasses import asdict
from datetime import datetime
from typing import Any

from shared.idempotency import Answers, StoredAnswer


class MemoryAnswers(Answers):
    def __init__(self, records: dict[Any, Any]):
        self._records = records

    async def find(self, scope: str, now: datetime) -> StoredAnswer | None:
        record = self._records.get(scope)
        if record is None or record["expires_at"] <= now:
            return None
        body = copy.deepcopy(record["body"])
        return StoredAnswer(record["fingerprint"], record["status"], body)

    async def keep(
        self, scope: str, answer: StoredAnswer, expires_at: datetime
    ) -> None:
        self._records[scope] = {**asdict(answer), "expires_at": expires_at}
