"""Answers kept for an ``Idempotency-Key``: stored in the transaction of the
change they answer, so a retry finds either nothing (the change did not
happen) or the first answer (it did, once)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from services.queue.waiting_list.adapters.collections import HOSPITAL_ANSWERS
from shared.mongo import Document


@dataclass(frozen=True)
class StoredAnswer:
    fingerprint: str
    status: int
    body: dict[str, Any]


def fingerprint(request: Mapping[str, Any]) -> str:
    canonical = json.dumps(request, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def scope(facility_id: str, action: str, key: str) -> str:
    return f"{facility_id}|{action}|{key}"


async def find(
    db: AsyncDatabase[Document],
    scope_id: str,
    now: datetime,
    session: AsyncClientSession | None = None,
) -> StoredAnswer | None:
    doc = await db[HOSPITAL_ANSWERS].find_one(
        {"_id": scope_id, "expires_at": {"$gt": now}}, session=session
    )
    if doc is None:
        return None
    return StoredAnswer(doc["fingerprint"], doc["status"], doc["body"])


async def store(
    db: AsyncDatabase[Document],
    session: AsyncClientSession,
    scope_id: str,
    answer: StoredAnswer,
    expires_at: datetime,
) -> None:
    await db[HOSPITAL_ANSWERS].replace_one(
        {"_id": scope_id},
        {
            "fingerprint": answer.fingerprint,
            "status": answer.status,
            "body": answer.body,
            "expires_at": expires_at,
        },
        upsert=True,
        session=session,
    )
