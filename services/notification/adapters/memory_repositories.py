"""The notification service's repositories in memory (shared's
MemoryUnitOfWork), for fast tests of the service layer. They keep the same
promises as the Mongo ones (tests/contracts/notification)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from services.notification.adapters.memory_deliveries import MemoryDeliveries
from services.notification.domain.model import Contact, Webhook
from services.notification.service_layer.unit_of_work import (
    Contacts,
    NotificationChange,
    Webhooks,
)
from shared.memory_unit_of_work import MemoryStore


class MemoryContacts(Contacts):
    def __init__(self, records: dict[str, dict[str, Any]]):
        self._records = records

    async def get(self, referral_id: str) -> Contact | None:
        record = self._records.get(referral_id)
        return None if record is None else record["contact"]

    async def save(self, contact: Contact, now: datetime) -> bool:
        record = self._records.setdefault(contact.referral_id, {})
        stored = record.get("contact")
        if stored is not None and stored.version > contact.version:
            return False
        record.update(contact=contact, updated_at=now)
        return True

    async def queue_version(self, referral_id: str) -> int:
        return int(self._records.get(referral_id, {}).get("queue_version", 0))

    async def advance_queue_version(self, referral_id: str, version: int) -> None:
        record = self._records.get(referral_id)
        if record is not None:
            record["queue_version"] = max(record.get("queue_version", 0), version)

    async def forget_addresses(self, referral_id: str) -> None:
        record = self._records.get(referral_id)
        if record is not None:
            record["contact"] = replace(record["contact"], phone=None, email=None)


class MemoryWebhooks(Webhooks):
    def __init__(self, records: dict[str, Webhook]):
        self._records = records

    async def get(self, facility_id: str) -> Webhook | None:
        return self._records.get(facility_id)

    async def put(self, webhook: Webhook) -> None:
        self._records[webhook.facility_id] = replace(webhook, plain_secret=None)

    async def with_plain_secret(self) -> list[Webhook]:
        return [w for w in self._records.values() if w.plain_secret is not None]

    async def seal(self, facility_id: str, plain: str, sealed: str) -> bool:
        stored = self._records.get(facility_id)
        if stored is None or stored.plain_secret != plain:
            return False
        self._records[facility_id] = replace(
            stored, sealed_secret=sealed, plain_secret=None
        )
        return True

    async def delete(self, facility_id: str) -> bool:
        return self._records.pop(facility_id, None) is not None


def memory_change(store: MemoryStore) -> NotificationChange:
    return NotificationChange(
        MemoryContacts(store.collection("contacts")),
        MemoryWebhooks(store.collection("webhooks")),
        MemoryDeliveries(store.collection("deliveries")),
    )
