"""The deliveries in memory (shared's MemoryUnitOfWork), for fast tests of
the service layer; they keep the same promises as the Mongo ones
(tests/contracts/notification/test_deliveries.py)."""

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
    SUPERSEDED,
    Delivery,
    DeliveryRecord,
)
from services.notification.service_layer.unit_of_work import Deliveries


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
        return self._finish(delivery, now, later, marked=False)

    async def mark_failed(self, delivery: Delivery, error: str, now: datetime) -> bool:
        failed = {"status": FAILED, "last_error": error}
        return self._finish(delivery, now, failed, final=True)

    async def supersede(
        self, referral_id: str, channel: str, by: str, now: datetime
    ) -> list[Delivery]:
        superseded = []
        for record in sorted(self._records.values(), key=_created):
            held: Delivery = record["delivery"]
            if (held.referral_id, held.channel) != (referral_id, channel) or (
                held.state is None or held.key == by
            ):
                continue
            if held.status == PENDING:
                fields = {**_dropped(record), "status": SUPERSEDED}
                record.update(
                    delivery=replace(held, **fields, superseded_by=by), updated_at=now
                )
                superseded.append(held)
            elif held.status == SENDING:
                record["delivery"] = replace(held, superseded_by=by)
        return superseded

    async def set_aside(
        self, delivery: Delivery, status: str, error: str | None, now: datetime
    ) -> bool:
        fields: dict[str, Any] = {"status": status}
        if error is not None:
            fields["last_error"] = error
        marked = True if status == SUPERSEDED else None
        return self._finish(delivery, now, fields, final=True, marked=marked)

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
        mine.sort(key=_created)
        return [_listed(r) for r in mine[:limit]]

    def _finish(
        self,
        delivery: Delivery,
        now: datetime,
        fields: dict[str, Any],
        final: bool = False,
        marked: bool | None = None,
    ) -> bool:
        """Record the outcome if the caller still holds the lease (and, with
        ``marked``, only if a later change did or did not supersede it)."""
        record = self._records.get(delivery.key)
        held = delivery.extra.get("lease_id")
        if record is None or record["delivery"].extra.get("lease_id") != held:
            return False
        stored: Delivery = record["delivery"]
        if marked is not None and (stored.superseded_by is not None) != marked:
            return False
        if final:
            fields = {**fields, **_dropped(record)}
        record.update(
            delivery=replace(stored, **fields, extra={}),
            lease_until=None,
            updated_at=now,
        )
        return True


def _created(record: dict[str, Any]) -> datetime:
    created: datetime = record["delivery"].created_at
    return created


def _dropped(record: dict[str, Any]) -> dict[str, Any]:
    """What a final delivery no longer keeps: its body, what it says and
    its full address."""
    return {"recipient": record["recipient_masked"], "content": {}, "deadlines": ()}


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
        superseded_by=delivery.superseded_by,
    )
