"""The answers of keyed requests in a MongoDB collection, one document per
scope, pruned by a TTL index on ``expires_at`` (which lags, so reads also
skip expired answers)."""

from __future__ import annotations

from datetime import datetime

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from shared.idempotency import AnsweredConcurrently, Answers, StoredAnswer
from shared.mongo import Document

ANSWER_INDEXES = [IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0)]
FIRST_STATUS = 201
"""The status of an answer kept before answers kept their status (only the
referral service's registrations were kept then, all 201 Created)."""


class MongoAnswers(Answers):
    def __init__(
        self,
        db: AsyncDatabase[Document],
        session: AsyncClientSession | None,
        collection: str,
    ):
        self._answers = db[collection]
        self._session = session

    async def find(self, scope: str, now: datetime) -> StoredAnswer | None:
        document = await self._answers.find_one(
            {"_id": scope, "expires_at": {"$gt": now}}, session=self._session
        )
        if document is None:
            return None
        return StoredAnswer(
            document["fingerprint"],
            document.get("status", FIRST_STATUS),
            document["body"],
        )

    async def keep(
        self, scope: str, answer: StoredAnswer, expires_at: datetime
    ) -> None:
        record = {
            "fingerprint": answer.fingerprint,
            "status": answer.status,
            "body": answer.body,
            "expires_at": expires_at,
        }
        try:
            await self._answers.replace_one(
                {"_id": scope}, record, upsert=True, session=self._session
            )
        except DuplicateKeyError as exc:
            raise AnsweredConcurrently(scope) from exc
