"""Mongo repositories: contacts, deliveries and facilities' webhooks.

Each takes the session of the unit of work it runs in (or none outside one).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from services.notification.domain.model import Contact, Delivery
from shared.mongo import Document

CONTACTS, DELIVERIES, WEBHOOKS = "contacts", "deliveries", "webhooks"
INDEXES = {
    DELIVERIES: [
        IndexModel([("status", ASCENDING), ("next_attempt_at", ASCENDING)]),
        IndexModel([("status", ASCENDING), ("lease_until", ASCENDING)]),
        IndexModel([("referral_id", ASCENDING), ("created_at", ASCENDING)]),
    ],
}
CONTACT_FIELDS = (
    "hospitalization_code",
    "referring_facility_id",
    "language",
    "consent",
    "phone",
    "email",
    "version",
)


class _Repository:
    collection = ""

    def __init__(
        self, db: AsyncDatabase[Document], session: AsyncClientSession | None = None
    ):
        self._coll = db[self.collection]
        self._session = session


class MongoContacts(_Repository):
    collection = CONTACTS

    async def get(self, referral_id: str) -> Contact | None:
        doc = await self._coll.find_one({"_id": referral_id}, session=self._session)
        if doc is None:
            return None
        return Contact(referral_id=doc["_id"], **{f: doc[f] for f in CONTACT_FIELDS})

    async def queue_version(self, referral_id: str) -> int:
        doc = await self._coll.find_one(
            {"_id": referral_id}, {"queue_version": 1}, session=self._session
        )
        return int((doc or {}).get("queue_version", 0))

    async def save(self, contact: Contact, now: datetime) -> bool:
        """Keep ``contact`` unless a newer version is already stored."""
        stored = await self.get(contact.referral_id)
        if stored is not None and stored.version > contact.version:
            return False
        fields = {f: getattr(contact, f) for f in CONTACT_FIELDS}
        await self._coll.update_one(
            {"_id": contact.referral_id},
            {"$set": {**fields, "updated_at": now}},
            upsert=True,
            session=self._session,
        )
        return True

    async def forget_addresses(self, referral_id: str) -> None:
        await self._coll.update_one(
            {"_id": referral_id},
            {"$set": {"phone": None, "email": None}},
            session=self._session,
        )

    async def advance_queue_version(self, referral_id: str, version: int) -> None:
        await self._coll.update_one(
            {"_id": referral_id},
            {"$max": {"queue_version": version}},
            session=self._session,
        )


class MongoWebhooks(_Repository):
    collection = WEBHOOKS

    async def get(self, facility_id: str) -> Document | None:
        return await self._coll.find_one({"_id": facility_id}, session=self._session)

    async def put(self, facility_id: str, fields: dict[str, Any]) -> None:
        """Set ``fields``; a plain ``secret`` of an earlier version goes."""
        await self._coll.update_one(
            {"_id": facility_id},
            {"$set": fields, "$unset": {"secret": ""}},
            upsert=True,
            session=self._session,
        )

    async def with_plain_secret(self) -> list[Document]:
        cursor = self._coll.find(
            {"secret": {"$exists": True}}, {"secret": 1}, session=self._session
        )
        return await cursor.to_list(None)

    async def seal(self, facility_id: str, plain: str, sealed: str) -> bool:
        """Replace the plain ``secret`` by ``sealed``, unless it changed."""
        result = await self._coll.update_one(
            {"_id": facility_id, "secret": plain},
            {"$set": {"sealed_secret": sealed}, "$unset": {"secret": ""}},
            session=self._session,
        )
        return result.modified_count == 1

    async def delete(self, facility_id: str) -> bool:
        result = await self._coll.delete_one(
            {"_id": facility_id}, session=self._session
        )
        return result.deleted_count == 1


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
