"""Referrals in Mongo, inside one transaction (every call passes the session).

- ``referrals``: one document per referral; the code has a unique index.
- ``active_referrals``: one guard per (patient, bed profile) while a referral
  is active, keyed by the IIN's keyed digest: the unique ``_id`` makes "one
  active referral per patient per bed profile" safe under concurrent requests.
- ``idempotency_keys``: the first answer to a POST with an ``Idempotency-Key``,
  written with the referral, so a retry gets it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.referral.adapters.documents import from_document, to_document
from services.referral.domain.model import Referral
from shared.iin import iin_digest

REFERRALS = "referrals"
ACTIVE = "active_referrals"
IDEMPOTENCY = "idempotency_keys"

INDEXES: dict[str, list[IndexModel]] = {
    REFERRALS: [
        IndexModel([("hospitalization_code", ASCENDING)], unique=True),
        IndexModel(
            [("referring_facility_id", ASCENDING), ("registered_at", DESCENDING)]
        ),
        IndexModel(
            [
                ("referring_facility_id", ASCENDING),
                ("status", ASCENDING),
                ("registered_at", DESCENDING),
            ]
        ),
        IndexModel([("referring_facility_id", ASCENDING), ("iin_digest", ASCENDING)]),
    ],
    ACTIVE: [],
    IDEMPOTENCY: [IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0)],
}


class CodeTaken(Exception):
    """The new referral's code is already in use (about 1 in 10^12)."""


class StaleWrite(Exception):
    """The referral changed since it was read."""


@dataclass(frozen=True)
class ActiveHolder:
    referral_id: str
    hospitalization_code: str
    referring_facility_id: str


@dataclass(frozen=True)
class StoredAnswer:
    fingerprint: str
    referral_id: str
    body: dict[str, Any]


class ReferralRepository:
    def __init__(
        self,
        db: AsyncDatabase[Any],
        session: AsyncClientSession | None,
        digest_key: bytes,
    ):
        self._db = db
        self._session = session
        self._key = digest_key

    def digest(self, iin: str) -> str:
        return iin_digest(iin, self._key)

    async def get(self, referral_id: str) -> Referral | None:
        document = await self._db[REFERRALS].find_one(
            {"_id": referral_id}, session=self._session
        )
        return from_document(document) if document else None

    async def add(self, referral: Referral) -> None:
        document = to_document(referral, self.digest(referral.patient.iin))
        try:
            await self._db[REFERRALS].insert_one(document, session=self._session)
        except DuplicateKeyError as exc:
            raise CodeTaken(referral.hospitalization_code) from exc

    async def save(self, referral: Referral, expected_version: int) -> None:
        document = to_document(referral, self.digest(referral.patient.iin))
        result = await self._db[REFERRALS].replace_one(
            {"_id": referral.id, "version": expected_version},
            document,
            session=self._session,
        )
        if result.matched_count != 1:
            raise StaleWrite(referral.id)

    def _guard_id(self, referral: Referral) -> str:
        return f"{self.digest(referral.patient.iin)}:{referral.bed_profile}"

    async def active_holder(self, referral: Referral) -> ActiveHolder | None:
        guard = await self._db[ACTIVE].find_one(
            {"_id": self._guard_id(referral)}, session=self._session
        )
        if guard is None:
            return None
        return ActiveHolder(
            guard["referral_id"],
            guard["hospitalization_code"],
            guard["referring_facility_id"],
        )

    async def hold_active(self, referral: Referral) -> None:
        await self._db[ACTIVE].insert_one(
            {
                "_id": self._guard_id(referral),
                "referral_id": referral.id,
                "hospitalization_code": referral.hospitalization_code,
                "referring_facility_id": referral.referring_facility_id,
            },
            session=self._session,
        )

    async def release_active(self, referral: Referral) -> None:
        await self._db[ACTIVE].delete_one(
            {"_id": self._guard_id(referral), "referral_id": referral.id},
            session=self._session,
        )

    async def stored_answer(self, scope: str) -> StoredAnswer | None:
        record = await self._db[IDEMPOTENCY].find_one(
            {"_id": scope}, session=self._session
        )
        if record is None:
            return None
        return StoredAnswer(
            record["fingerprint"], record["referral_id"], record["body"]
        )

    async def store_answer(
        self, scope: str, answer: StoredAnswer, expires_at: datetime
    ) -> None:
        await self._db[IDEMPOTENCY].insert_one(
            {
                "_id": scope,
                "fingerprint": answer.fingerprint,
                "referral_id": answer.referral_id,
                "body": answer.body,
                "expires_at": expires_at,
            },
            session=self._session,
        )
