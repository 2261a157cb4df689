"""Mongo repositories of contacts and facilities' webhooks, and the
collections and indexes of the notification service.

Each takes the session of the unit of work it runs in (or none outside one).
"""

from __future__ import annotations

from datetime import datetime

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from services.notification.domain.model import Contact, Webhook
from services.notification.service_layer.unit_of_work import Contacts, Webhooks
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


class _Collection:
    collection = ""

    def __init__(
        self, db: AsyncDatabase[Document], session: AsyncClientSession | None = None
    ):
        self._coll = db[self.collection]
        self._session = session


class MongoContacts(_Collection, Contacts):
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
            {"$max": {"queue_version": version}, "$inc": {"changes_told": 1}},
            session=self._session,
        )


class MongoWebhooks(_Collection, Webhooks):
    """A registration is ``{_id: facility, url, created_at, updated_at,
    sealed_secret}``; one stored before sealing has a plain ``secret``."""

    collection = WEBHOOKS

    async def get(self, facility_id: str) -> Webhook | None:
        doc = await self._coll.find_one({"_id": facility_id}, session=self._session)
        return None if doc is None else _webhook(doc)

    async def put(self, webhook: Webhook) -> None:
        fields = {
            "url": webhook.url,
            "updated_at": webhook.updated_at,
            "created_at": webhook.created_at,
            "sealed_secret": webhook.sealed_secret,
        }
        await self._coll.update_one(
            {"_id": webhook.facility_id},
            {"$set": fields, "$unset": {"secret": ""}},
            upsert=True,
            session=self._session,
        )

    async def with_plain_secret(self) -> list[Webhook]:
        cursor = self._coll.find({"secret": {"$exists": True}}, session=self._session)
        return [_webhook(doc) for doc in await cursor.to_list(None)]

    async def seal(self, facility_id: str, plain: str, sealed: str) -> bool:
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


def _webhook(doc: Document) -> Webhook:
    return Webhook(
        facility_id=doc["_id"],
        url=doc["url"],
        created_at=doc["created_at"],
        updated_at=doc["updated_at"],
        sealed_secret=doc.get("sealed_secret"),
        plain_secret=doc.get("secret"),
    )
