"""The notification service's repositories in memory (shared's
MemoryUnitOfWork), for fast tests of the service layer. They keep the same
promises as the Mongo ones (tests/contracts/notification)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from services.notification.domain.model import (
    FAILED,
    PENDING,
    SENDING,
    SENT,
    Contact,
    Delivery,
    DeliveryRecord,
    Webhook,
)
from services.notification.service_layer.unit_of_work import (
    Contacts,
    Deliveries,
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


class MemoryDeliveries(Deliveries):
    """Each record: the delivery, its masked recipient, its lease's end and
    when it last changed."""

    def __init__(self, records: dict[str, dict[str, Any]]):
        self._records = records

    async def add(self, deliveries: Iterable[Delivery]) -> None:
        for delivery in deliveries:
            self._records.setdefault(
                delivery.key,
                {
                    "delivery": delivery,
                    "recipient_masked": delivery.recipient_masked,
                    "lease_until": None,
                    "updated_at": delivery.created_at,
                },
            )

    async def claim(
        self,
        now: datetime,
        lease: timedelta,
        skip_channels: Iterable[str] = (),
        quiet_channels: Iterable[str] = (),
    ) -> Delivery | None:
        skipped, quiet = set(skip_channels), set(quiet_channels)
        due = [
            r
            for r in self._records.values()
            if _due(r, now)
            and r["delivery"].channel not in skipped
            and (r["delivery"].channel not in quiet or r["delivery"].any_hour)
        ]
        if not due:
            return None
        record = min(due, key=lambda r: r["delivery"].next_attempt_at)
        claimed = replace(
            record["delivery"],
            status=SENDING,
            attempts=record["delivery"].attempts + 1,
            extra={"lease_id": uuid.uuid4().hex},
        )
        record.update(delivery=claimed, lease_until=now + lease, updated_at=now)
        return claimed

    async def mark_sent(self, delivery: Delivery, now: datetime) -> bool:
        sent = {"status": SENT, "sent_at": now, "last_error": None}
        return self._finish(delivery, now, sent, final=True)

    async def retry_later(
        self, delivery: Delivery, when: datetime, error: str, now: datetime
    ) -> bool:
        later = {"status": PENDING, "next_attempt_at": when, "last_error": error}
        return self._finish(delivery, now, later)

    async def mark_failed(self, delivery: Delivery, error: str, now: datetime) -> bool:
        failed = {"status": FAILED, "last_error": error}
        return self._finish(delivery, now, failed, final=True)

    async def get(self, key: str) -> Delivery | None:
        record = self._records.get(key)
        return None if record is None else record["delivery"]

    async def for_referral(
        self, referral_id: str, limit: int = 500
    ) -> list[DeliveryRecord]:
        mine = [
            r
            for r in self._records.values()
            if r["delivery"].referral_id == referral_id
        ]
        mine.sort(key=lambda r: r["delivery"].created_at)
        return [_listed(r) for r in mine[:limit]]

    def _finish(
        self,
        delivery: Delivery,
        now: datetime,
        fields: dict[str, Any],
        final: bool = False,
    ) -> bool:
        record = self._records.get(delivery.key)
        held = delivery.extra.get("lease_id")
        if record is None or record["delivery"].extra.get("lease_id") != held:
            return False
        stored: Delivery = record["delivery"]
        if final:
            fields = {**fields, "recipient": record["recipient_masked"], "content": {}}
        record.update(
            delivery=replace(stored, **fields, extra={}),
            lease_until=None,
            updated_at=now,
        )
        return True


def _due(record: dict[str, Any], now: datetime) -> bool:
    delivery: Delivery = record["delivery"]
    if delivery.status == PENDING:
        return delivery.next_attempt_at <= now
    return delivery.status == SENDING and record["lease_until"] <= now


def _listed(record: dict[str, Any]) -> DeliveryRecord:
    delivery: Delivery = record["delivery"]
    return DeliveryRecord(
        delivery_id=delivery.key,
        event_type=delivery.event_type,
        channel=delivery.channel,
        recipient=record["recipient_masked"],
        language=delivery.language,
        status=delivery.status,
        attempts=delivery.attempts,
        created_at=delivery.created_at,
        updated_at=record["updated_at"],
        next_attempt_at=delivery.next_attempt_at,
        sent_at=delivery.sent_at,
        last_error=delivery.last_error,
    )


def memory_change(store: MemoryStore) -> NotificationChange:
    return NotificationChange(
        MemoryContacts(store.collection("contacts")),
        MemoryWebhooks(store.collection("webhooks")),
        MemoryDeliveries(store.collection("deliveries")),
    )
