"""The referral service's repositories on MongoDB, bound to a transaction's
session (``None``: reads outside one).

- ``referrals``: one document per referral; the code has a unique index.
- ``active_referrals``: one guard per (patient, bed profile) while a referral
  is active, keyed by the IIN's keyed digest: the unique ``_id`` makes "one
  active referral per patient per bed profile" safe under concurrent requests.
- ``idempotency_keys``: the first answer to a POST with an ``Idempotency-Key``
  (:class:`shared.mongo_idempotency.MongoAnswers`), written with the referral.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.referral.adapters.documents import from_document, to_document
from services.referral.domain.model import Referral
from services.referral.service_layer.unit_of_work import (
    ActiveHolder,
    ActiveReferrals,
    AlreadyHeld,
    CodeTaken,
    ReferralChange,
    ReferralFilter,
    Referrals,
    ReferralSummary,
    StaleWrite,
)
from shared.iin import iin_digest
from shared.mongo import Document
from shared.mongo_idempotency import ANSWER_INDEXES, MongoAnswers

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
        IndexModel(
            [
                ("referring_facility_id", ASCENDING),
                ("practitioner_id", ASCENDING),
                ("registered_at", DESCENDING),
            ]
        ),
    ],
    ACTIVE: [],
    IDEMPOTENCY: ANSWER_INDEXES,
}
QUEUE_WORD = ("scheduled_date", "estimated_earliest", "estimated_latest")
LINE_FIELDS = (
    "hospitalization_code",
    "status",
    "facility_id",
    "bed_profile",
    "stay",
    "priority",
    "registered_at",
    "valid_until",
    "updated_at",
)
SUMMARY_FIELDS = (*LINE_FIELDS, "patient.iin", *(f"queue.{n}" for n in QUEUE_WORD))
"""What a line of the list reads: its own fields, the IIN (the view masks
it) and the queue's last word."""
Session = AsyncClientSession | None


class MongoReferrals(Referrals):
    def __init__(self, db: AsyncDatabase[Document], session: Session, key: bytes):
        self._referrals = db[REFERRALS]
        self._session = session
        self._key = key

    async def get(self, referral_id: str) -> Referral | None:
        return await self._one({"_id": referral_id})

    async def of_facility(self, referral_id: str, facility_id: str) -> Referral | None:
        return await self._one(
            {"_id": referral_id, "referring_facility_id": facility_id}
        )

    async def _one(self, query: Document) -> Referral | None:
        document = await self._referrals.find_one(query, session=self._session)
        return from_document(document) if document else None

    async def add(self, referral: Referral) -> None:
        document = to_document(referral, iin_digest(referral.patient.iin, self._key))
        try:
            await self._referrals.insert_one(document, session=self._session)
        except DuplicateKeyError as exc:
            raise CodeTaken(referral.hospitalization_code) from exc

    async def save(self, referral: Referral, expected_version: int) -> None:
        document = to_document(referral, iin_digest(referral.patient.iin, self._key))
        result = await self._referrals.replace_one(
            {"_id": referral.id, "version": expected_version},
            document,
            session=self._session,
        )
        if result.matched_count != 1:
            raise StaleWrite(referral.id)

    async def summaries(
        self, where: ReferralFilter, offset: int, limit: int
    ) -> list[ReferralSummary]:
        """No counting: it is linear on the embedded database."""
        cursor = (
            self._referrals.find(
                self._query(where), {name: 1 for name in SUMMARY_FIELDS}
            )
            .sort([("registered_at", DESCENDING), ("_id", DESCENDING)])
            .skip(offset)
            .limit(limit)
        )
        documents = await cursor.to_list(None)
        return [_summary(document) for document in documents]

    def _query(self, where: ReferralFilter) -> Document:
        query: Document = {"referring_facility_id": where.facility_id}
        if where.status:
            query["status"] = where.status
        if where.hospitalization_code:
            query["hospitalization_code"] = where.hospitalization_code
        if where.iin:
            query["iin_digest"] = iin_digest(where.iin, self._key)
        if where.practitioner_id:
            query["practitioner_id"] = where.practitioner_id
        return query


def _summary(document: Document) -> ReferralSummary:
    named: dict[str, Any] = {name: document[name] for name in LINE_FIELDS}
    named["valid_until"] = date.fromisoformat(named["valid_until"])
    queue = document.get("queue") or {}
    for name in QUEUE_WORD:
        named[name] = date.fromisoformat(queue[name]) if queue.get(name) else None
    return ReferralSummary(id=document["_id"], iin=document["patient"]["iin"], **named)


class MongoActiveReferrals(ActiveReferrals):
    def __init__(self, db: AsyncDatabase[Document], session: Session, key: bytes):
        self._guards = db[ACTIVE]
        self._session = session
        self._key = key

    def _guard_id(self, referral: Referral) -> str:
        return f"{iin_digest(referral.patient.iin, self._key)}:{referral.bed_profile}"

    async def holder(self, referral: Referral) -> ActiveHolder | None:
        guard = await self._guards.find_one(
            {"_id": self._guard_id(referral)}, session=self._session
        )
        if guard is None:
            return None
        return ActiveHolder(
            guard["referral_id"],
            guard["hospitalization_code"],
            guard["referring_facility_id"],
        )

    async def hold(self, referral: Referral) -> None:
        guard = {
            "_id": self._guard_id(referral),
            "referral_id": referral.id,
            "hospitalization_code": referral.hospitalization_code,
            "referring_facility_id": referral.referring_facility_id,
        }
        try:
            await self._guards.insert_one(guard, session=self._session)
        except DuplicateKeyError as exc:
            raise AlreadyHeld(referral.bed_profile) from exc

    async def release(self, referral: Referral) -> None:
        await self._guards.delete_one(
            {"_id": self._guard_id(referral), "referral_id": referral.id},
            session=self._session,
        )


def mongo_referral_change(
    digest_key: bytes,
) -> Callable[[AsyncDatabase[Document], Session], ReferralChange]:
    """Builds a transaction's change with the repositories on its session."""

    def begin(db: AsyncDatabase[Document], session: Session) -> ReferralChange:
        return ReferralChange(
            MongoReferrals(db, session, digest_key),
            MongoActiveReferrals(db, session, digest_key),
            MongoAnswers(db, session, IDEMPOTENCY),
        )

    return begin
