"""The deliveries collection: one document per (event, channel, recipient),
``_id`` = the delivery key. The dispatcher claims due ones with a lease, so
replicas never send the same one at once and a crashed sender's claim
expires."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import Any

from pymongo import ASCENDING, ReturnDocument
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from services.notification.adapters.mongo_repositories import DELIVERIES
from services.notification.domain.model import (
    FAILED,
    PENDING,
    SENDING,
    SENT,
    SUPERSEDED,
    Delivery,
    DeliveryRecord,
)
from services.notification.domain.notices import Notice
from services.notification.service_layer.unit_of_work import Deliveries
from shared.mongo import Document

LISTED_FIELDS = (
    "event_type",
    "channel",
    "recipient_masked",
    "language",
    "status",
    "attempts",
    "created_at",
    "updated_at",
    "next_attempt_at",
    "sent_at",
    "last_error",
    "superseded_by",
)
FINAL_UNSET = {"content": "", "deadlines": ""}
"""What a final delivery no longer keeps: its body and what it says."""


class MongoDeliveries(Deliveries):
    def __init__(
        self, db: AsyncDatabase[Document], session: AsyncClientSession | None = None
    ):
        self._coll = db[DELIVERIES]
        self._session = session

    async def add(self, deliveries: Iterable[Delivery]) -> None:
        for delivery in deliveries:
            await self._coll.update_one(
                {"_id": delivery.key},
                {"$setOnInsert": delivery_document(delivery)},
                upsert=True,
                session=self._session,
            )

    async def claim(
        self,
        now: datetime,
        lease: timedelta,
        skip_channels: Iterable[str] = (),
        quiet_channels: Iterable[str] = (),
    ) -> Delivery | None:
        due = {
            "$or": [
                {"status": PENDING, "next_attempt_at": {"$lte": now}},
                {"status": SENDING, "lease_until": {"$lte": now}},
            ]
        }
        skipped, quiet = list(skip_channels), list(quiet_channels)
        query: Document = {**due, "channel": {"$nin": skipped}} if skipped else due
        if quiet:
            loud = {"$or": [{"channel": {"$nin": quiet}}, {"any_hour": True}]}
            query = {"$and": [query, loud]}
        doc = await self._coll.find_one_and_update(
            query,
            {
                "$set": {
                    "status": SENDING,
                    "lease_id": uuid.uuid4().hex,
                    "lease_until": now + lease,
                    "updated_at": now,
                },
                "$inc": {"attempts": 1},
            },
            sort=[("next_attempt_at", ASCENDING)],
            return_document=ReturnDocument.AFTER,
            session=self._session,
        )
        return None if doc is None else delivery_from(doc)

    async def _finish(
        self,
        delivery: Delivery,
        fields: Document,
        *,
        final: bool = False,
        marked: bool | None = None,
    ) -> bool:
        """Record the outcome if the caller still holds the lease (and, with
        ``marked``, only if a later change did or did not supersede it); a
        final outcome also drops the message body and the full address."""
        query: Document = {
            "_id": delivery.key,
            "lease_id": delivery.extra.get("lease_id"),
        }
        if marked is not None:
            query["superseded_by"] = {"$ne": None} if marked else None
        unset = {"lease_id": "", "lease_until": ""}
        if final:
            fields = {**fields, "recipient": delivery.recipient_masked}
            unset.update(FINAL_UNSET)
        result = await self._coll.update_one(
            query, {"$set": fields, "$unset": unset}, session=self._session
        )
        return result.modified_count == 1

    async def mark_sent(self, delivery: Delivery, now: datetime) -> bool:
        fields = {"status": SENT, "sent_at": now, "updated_at": now}
        return await self._finish(delivery, {**fields, "last_error": None}, final=True)

    async def retry_later(
        self, delivery: Delivery, when: datetime, error: str, now: datetime
    ) -> bool:
        fields = {"status": PENDING, "next_attempt_at": when, "updated_at": now}
        return await self._finish(
            delivery, {**fields, "last_error": error}, marked=False
        )

    async def mark_failed(self, delivery: Delivery, error: str, now: datetime) -> bool:
        fields = {"status": FAILED, "last_error": error, "updated_at": now}
        return await self._finish(delivery, fields, final=True)

    async def supersede(
        self, referral_id: str, channel: str, by: str, now: datetime
    ) -> list[Delivery]:
        """Reads the referral's deliveries on their index (a handful each)
        and picks the waiting ones here: a store's planner may scan the
        collection for a filter beyond the index's fields."""
        cursor = self._coll.find(
            {"referral_id": referral_id}, session=self._session
        ).sort("created_at", ASCENDING)
        waiting = [
            held
            for held in map(delivery_from, await cursor.to_list(None))
            if held.channel == channel
            and held.status in (PENDING, SENDING)
            and held.state is not None
            and held.key != by
        ]
        superseded = []
        for held in waiting:
            if held.status == SENDING:
                await self._mark(held, {"superseded_by": by}, {})
                continue
            fields = {"status": SUPERSEDED, "superseded_by": by, "updated_at": now}
            fields["recipient"] = held.recipient_masked
            if await self._mark(held, fields, FINAL_UNSET):
                superseded.append(held)
        return superseded

    async def _mark(self, held: Delivery, fields: Document, unset: Document) -> bool:
        """Change ``held`` only if its status is still the one read."""
        update = {"$set": fields, "$unset": unset} if unset else {"$set": fields}
        result = await self._coll.update_one(
            {"_id": held.key, "status": held.status}, update, session=self._session
        )
        return result.modified_count == 1

    async def set_aside(
        self, delivery: Delivery, status: str, error: str | None, now: datetime
    ) -> bool:
        fields: Document = {"status": status, "updated_at": now}
        if error is not None:
            fields["last_error"] = error
        marked = True if status == SUPERSEDED else None
        return await self._finish(delivery, fields, final=True, marked=marked)

    async def get(self, key: str) -> Delivery | None:
        doc = await self._coll.find_one({"_id": key}, session=self._session)
        return None if doc is None else delivery_from(doc)

    async def for_referral(
        self, referral_id: str, limit: int = 500
    ) -> list[DeliveryRecord]:
        projection = {name: 1 for name in LISTED_FIELDS}
        cursor = (
            self._coll.find({"referral_id": referral_id}, projection)
            .sort("created_at", ASCENDING)
            .limit(limit)
        )
        return [_record(doc) for doc in await cursor.to_list(None)]


def _record(doc: Document) -> DeliveryRecord:
    fields: dict[str, Any] = {
        k: doc.get(k) for k in LISTED_FIELDS if k != "recipient_masked"
    }
    return DeliveryRecord(
        delivery_id=doc["_id"], recipient=doc["recipient_masked"], **fields
    )


def delivery_document(delivery: Delivery) -> Document:
    doc = asdict(delivery)
    doc["_id"] = doc.pop("key")
    doc["recipient_masked"] = delivery.recipient_masked
    doc["updated_at"] = delivery.created_at
    doc["deadlines"] = [_deadline_document(n) for n in delivery.deadlines]
    doc.update(doc.pop("extra"))
    return doc


def delivery_from(doc: Document) -> Delivery:
    known = set(Delivery.__dataclass_fields__) - {"key", "extra", "content"}
    extra = {k: doc[k] for k in ("lease_id",) if k in doc}
    fields = {k: doc[k] for k in known if k in doc}
    fields["deadlines"] = tuple(_deadline(d) for d in doc.get("deadlines", ()))
    return Delivery(
        key=doc["_id"], content=doc.get("content", {}), **fields, extra=extra
    )


def _deadline_document(notice: Notice) -> Document:
    """A dated notice as stored (BSON has no dates without a time)."""
    last_day = notice.last_day.isoformat() if notice.last_day else None
    parts = list(notice.parts)
    return {
        "kind": notice.kind,
        "parts": parts,
        "params": notice.params,
        "last_day": last_day,
    }


def _deadline(doc: Document) -> Notice:
    last_day = date.fromisoformat(doc["last_day"]) if doc["last_day"] else None
    return Notice(doc["kind"], tuple(doc["parts"]), doc["params"], last_day=last_day)
