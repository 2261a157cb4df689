"""A referral as a Mongo document and back. Dates are ISO strings; times are
UTC datetimes. The IIN is kept for the doctor to read, and looked up only
through its keyed digest (``iin_digest``), never by its value."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from services.referral.domain.model import (
    HistoryEntry,
    Patient,
    PreAdmissionTest,
    QueueState,
    Referral,
    Status,
)
from services.referral.domain.requests import PendingRequest
from shared.clock import iso

Document = dict[str, Any]
_QUEUE_DATES = (
    "scheduled_date",
    "reinstatable_until",
    "estimated_earliest",
    "estimated_latest",
)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _queue_document(queue: QueueState | None) -> Document | None:
    if queue is None:
        return None
    document = asdict(queue)
    for name in _QUEUE_DATES:
        document[name] = iso(document[name])
    return document


def _queue_state(document: Document | None) -> QueueState | None:
    if document is None:
        return None
    values = dict(document)
    for name in _QUEUE_DATES:
        values[name] = _date(values.get(name))
    return QueueState(**values)


def _pending_document(pending: PendingRequest | None) -> Document | None:
    if pending is None:
        return None
    return {**asdict(pending), "valid_until": iso(pending.valid_until)}


def _pending(document: Document | None) -> PendingRequest | None:
    if document is None:
        return None
    valid_until = date.fromisoformat(document["valid_until"])
    return PendingRequest(**{**document, "valid_until": valid_until})


def _step_document(entry: HistoryEntry) -> Document:
    changed = list(entry.changed)
    return {**asdict(entry), "status": entry.status.value, "changed": changed}


def to_document(referral: Referral, iin_digest: str) -> Document:
    return {
        "_id": referral.id,
        "hospitalization_code": referral.hospitalization_code,
        "referring_facility_id": referral.referring_facility_id,
        "practitioner_id": referral.practitioner_id,
        "patient": asdict(referral.patient),
        "iin_digest": iin_digest,
        "facility_id": referral.facility_id,
        "bed_profile": referral.bed_profile,
        "stay": referral.stay,
        "diagnosis": referral.diagnosis,
        "finance_source": referral.finance_source,
        "priority": referral.priority,
        "priority_reason": referral.priority_reason,
        "purpose": referral.purpose,
        "tests": [
            {
                "code": t.code,
                "done_on": iso(t.done_on),
                "valid_until": iso(t.valid_until),
                "note": t.note,
            }
            for t in referral.tests
        ],
        "planned_date": iso(referral.planned_date),
        "registered_at": referral.registered_at,
        "valid_until": iso(referral.valid_until),
        "status": referral.status.value,
        "version": referral.version,
        "queue": _queue_document(referral.queue),
        "history": [_step_document(entry) for entry in referral.history],
        "updated_at": referral.updated_at,
        "pending": _pending_document(referral.pending),
    }


def from_document(document: Document) -> Referral:
    return Referral(
        id=document["_id"],
        hospitalization_code=document["hospitalization_code"],
        referring_facility_id=document["referring_facility_id"],
        practitioner_id=document["practitioner_id"],
        patient=Patient(**document["patient"]),
        facility_id=document["facility_id"],
        bed_profile=document["bed_profile"],
        stay=document["stay"],
        diagnosis=document["diagnosis"],
        finance_source=document["finance_source"],
        priority=document["priority"],
        priority_reason=document.get("priority_reason"),
        purpose=document["purpose"],
        tests=tuple(_test(t) for t in document["tests"]),
        planned_date=_date(document.get("planned_date")),
        registered_at=document["registered_at"],
        valid_until=date.fromisoformat(document["valid_until"]),
        status=Status(document["status"]),
        version=document["version"],
        queue=_queue_state(document.get("queue")),
        history=[_history_entry(entry) for entry in document["history"]],
        pending=_pending(document.get("pending")),
    )


def _test(document: Document) -> PreAdmissionTest:
    """A stored test; one stored before tests had codes reads as ``other``
    with its name as the note."""
    return PreAdmissionTest(
        document.get("code", "other"),
        date.fromisoformat(document["done_on"]),
        date.fromisoformat(document["valid_until"]),
        document.get("note", document.get("name")),
    )


def _history_entry(document: Document) -> HistoryEntry:
    """A stored step; one stored before reason codes keeps its words as the
    note."""
    return HistoryEntry(
        status=Status(document["status"]),
        at=document["at"],
        actor=document["actor"],
        reason_code=document.get("reason_code"),
        note=document.get("note", document.get("reason")),
        source=document.get("source", "referral"),
        action=document.get("action"),
        changed=tuple(document.get("changed", ())),
    )
