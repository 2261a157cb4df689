"""The deliveries collection: one document per (event, channel, recipient),
``_id`` = the delivery key. The dispatcher claims due ones with a lease, so
replicas never send the same one at once and a crashed sender's claim
expires."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import asdict
from datetime import datetime, timedelta
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
    Delivery,
    DeliveryRecord,
)
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
)


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
        self, delivery: Delivery, fields: Document, *, final: bool = False
    ) -> bool:
        """Record the outcome if the caller still holds the lease; a final
        outcome also drops the message body and the full address."""
        unset = {"lease_id": "", "lease_until": ""}
        if final:
            fields = {**fields, "recipient": delivery.recipient_masked}
            unset["content"] = ""
        result = await self._coll.update_one(
            {"_id": delivery.key, "lease_id": delivery.extra.get("lease_id")},
            {"$set": fields, "$unset": unset},
            session=self._session,
        )
        return result.modified_count == 1

    async def mark_sent(self, delivery: Delivery, now: datetime) -> bool:
        fields = {"status": SENT, "sent_at": now, "updated_at": now}
        return await self._finish(delivery, {**fields, "last_error": None}, final=True)

    async def retry_later(
        self, delivery: Delivery, when: datetime, error: str, now: datetime
    ) -> bool:
        fields = {"status": PENDING, "next_attempt_at": when, "updated_at": now}
        return await self._finish(delivery, {**fields, "last_error": error})

    async def mark_failed(self, delivery: Delivery, error: str, now: datetime) -> bool:
        fields = {"status": FAILED, "last_error": error, "updated_at": now}
        return await self._finish(delivery, fields, final=True)

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
    doc.update(doc.pop("extra"))
    return doc


def delivery_from(doc: Document) -> Delivery:
    known = set(Delivery.__dataclass_fields__) - {"key", "extra", "content"}
    extra = {k: doc[k] for k in ("lease_id",) if k in doc}
    return Delivery(
        key=doc["_id"],
        content=doc.get("content", {}),
        **{k: doc[k] for k in known if k in doc},
        extra=extra,
    )
