"""What a change of an entry leaves behind besides the entry: its event's
data (codes and identifiers, never a note) and its record in the queue's
signed log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from services.queue.waiting_list.domain import events
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.domain.ordering import unpack

PRODUCER = "queue"
"""The producer every queue event names."""


def common_data(entry: QueueEntry) -> dict[str, Any]:
    return {
        "entry_id": entry.entry_id,
        "referral_id": entry.referral_id,
        "hospitalization_code": entry.hospitalization_code,
        "queue_id": entry.queue_id,
        "facility_id": entry.facility_id,
        "referring_facility_id": entry.referring_facility_id,
        "version": entry.version,
        "status": entry.status.value,
    }


def event_data(
    entry: QueueEntry, change: events.EntryChanged, actor: Actor
) -> dict[str, Any]:
    """The event's data: codes and identifiers only, never the note."""
    return {
        **common_data(entry),
        "actor": str(actor),
        "reason_code": change.reason_code,
        **change.details(),
    }


def log_record(
    entry: QueueEntry,
    change: events.EntryChanged,
    event_id: str,
    extra: dict[str, Any],
    order_key: int | None = None,
) -> dict[str, Any]:
    """Who, why (the reason code; a note is kept apart, erasable), when,
    which entry (and its place in the order: ``order_key`` for the queue a
    move left), which event. JSON values only, so the stored record hashes
    the same when read back."""
    order = unpack(entry.order_key if order_key is None else order_key)
    return {
        "at": change.at.isoformat(),
        "actor": str(change.actor),
        "reason_code": change.reason_code,
        "event_type": change.event_type,
        "event_id": event_id,
        "entry_id": entry.entry_id,
        "referral_id": entry.referral_id,
        "from_status": change.from_status,
        "to_status": change.to_status,
        "version": entry.version,
        "order": {
            "priority": order.priority,
            "registered_ms": order.registered_ms,
            "seq": order.seq,
        },
        "details": _json_safe({**change.details(), **extra}),
    }


def _json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value
