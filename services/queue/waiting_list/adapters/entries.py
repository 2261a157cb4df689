"""Queue entries as MongoDB documents, and the projection the book needs.

Dates travel as ISO strings (BSON has no date type; ISO strings sort and
compare correctly); moments as BSON datetimes at millisecond precision.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from services.queue.waiting_list.domain.entry_state import short_digest
from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.domain.movement import (
    AHEAD_LEFT,
    Departure,
    Movement,
    decode,
)
from services.queue.waiting_list.domain.ordering import epoch_ms, order_key, seq_of
from services.queue.waiting_list.domain.pre_admission import PreAdmissionTest
from services.queue.waiting_list.domain.queue_line import EntryState
from services.queue.waiting_list.domain.status import Status
from shared.clock import iso

MOVES_KEPT = 4
MUTABLE_FIELDS = (
    "referral_version",
    "valid_until",
    "status",
    "version",
    "updated_at",
    "scheduled_date",
    "no_shows",
    "admitted_at",
    "discharged_at",
    "closed_at",
    "reinstatable_until",
    "expiry_reminded",
    "wait_told",
    "admitting_facility_id",
    "priority",
    "tests",
    "edit_version",
)
BOOK_PROJECTION = {
    "_id": 0,
    "hospitalization_code": 1,
    "queue_id": 1,
    "facility_id": 1,
    "bed_profile": 1,
    "priority": 1,
    "registered_ms": 1,
    "seq": 1,
    "status": 1,
    "version": 1,
    "iin_digest": 1,
    "updated_at": 1,
    "scheduled_date": 1,
    "admitted_at": 1,
    "moves": 1,
    "kind": 1,
    "admitting_facility_id": 1,
    "departure": 1,
}
RELOCATED_FIELDS = ("facility_id", "queue_id", "seq")
"""What a move to another hospital's queue changes besides MUTABLE_FIELDS."""


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def to_document(entry: QueueEntry) -> dict[str, Any]:
    return {
        "_id": entry.entry_id,
        "referral_id": entry.referral_id,
        "referral_version": entry.referral_version,
        "hospitalization_code": entry.hospitalization_code,
        "iin": entry.iin,
        "iin_digest": entry.iin_digest,
        "queue_id": entry.queue_id,
        "facility_id": entry.facility_id,
        "bed_profile": entry.bed_profile,
        "referring_facility_id": entry.referring_facility_id,
        "priority": entry.priority,
        "stay": entry.stay,
        "registered_at": entry.registered_at,
        "registered_ms": epoch_ms(entry.registered_at),
        "valid_until": iso(entry.valid_until),
        "planned_date": iso(entry.planned_date),
        "tests": [
            {"code": t.code, "valid_until": t.valid_until.isoformat()}
            for t in entry.tests
        ],
        "seq": entry.seq,
        "status": entry.status.value,
        "version": entry.version,
        "placed_at": entry.placed_at,
        "updated_at": entry.updated_at,
        "scheduled_date": iso(entry.scheduled_date),
        "no_shows": entry.no_shows,
        "admitted_at": entry.admitted_at,
        "discharged_at": entry.discharged_at,
        "closed_at": entry.closed_at,
        "reinstatable_until": iso(entry.reinstatable_until),
        "expiry_reminded": entry.expiry_reminded,
        "wait_told": entry.wait_told,
        "kind": entry.kind,
        "admitting_facility_id": entry.admitting_facility_id,
        "edit_version": entry.edit_version,
    }


def from_document(doc: Mapping[str, Any]) -> QueueEntry:
    return QueueEntry(
        entry_id=doc["_id"],
        referral_id=doc["referral_id"],
        referral_version=doc["referral_version"],
        hospitalization_code=doc["hospitalization_code"],
        iin=doc["iin"],
        iin_digest=doc["iin_digest"],
        facility_id=doc["facility_id"],
        bed_profile=doc["bed_profile"],
        referring_facility_id=doc["referring_facility_id"],
        priority=doc["priority"],
        stay=doc["stay"],
        registered_at=doc["registered_at"],
        valid_until=date.fromisoformat(doc["valid_until"]),
        planned_date=_day(doc.get("planned_date")),
        tests=tuple(
            PreAdmissionTest(
                t.get("code", "other"), date.fromisoformat(t["valid_until"])
            )
            for t in doc.get("tests", ())
        ),
        seq=doc["seq"],
        status=Status(doc["status"]),
        version=doc["version"],
        placed_at=doc.get("placed_at"),
        updated_at=doc.get("updated_at"),
        scheduled_date=_day(doc.get("scheduled_date")),
        no_shows=doc.get("no_shows", 0),
        admitted_at=doc.get("admitted_at"),
        discharged_at=doc.get("discharged_at"),
        closed_at=doc.get("closed_at"),
        reinstatable_until=_day(doc.get("reinstatable_until")),
        expiry_reminded=doc.get("expiry_reminded", False),
        wait_told=doc.get("wait_told"),
        kind=doc.get("kind", "referral"),
        admitting_facility_id=doc.get("admitting_facility_id"),
        edit_version=doc.get("edit_version", 0),
    )


def mutable_fields(document: Mapping[str, Any]) -> dict[str, Any]:
    return {name: document[name] for name in MUTABLE_FIELDS}


def state_from_document(doc: Mapping[str, Any], tz: ZoneInfo) -> EntryState:
    """What the book keeps of an entry document (full or BOOK_PROJECTION).
    Emergency admissions occupy a bed but are no admission from the queue,
    so they do not count in its pace."""
    admitted_at: datetime | None = doc.get("admitted_at")
    if doc.get("kind") == "emergency":
        admitted_at = None
    updated_at: datetime | None = doc.get("updated_at")
    return EntryState(
        code=doc["hospitalization_code"],
        queue_id=doc["queue_id"],
        facility_id=doc["facility_id"],
        bed_profile=doc["bed_profile"],
        key=order_key(doc["priority"], doc["registered_ms"], doc["seq"]),
        status=sys.intern(doc["status"]),
        version=doc["version"],
        digest=short_digest(doc["iin_digest"]),
        updated_s=int(updated_at.timestamp()) if updated_at else 0,
        scheduled_date=_day(doc.get("scheduled_date")),
        admitted_day=admitted_at.astimezone(tz).date() if admitted_at else None,
        admitting_facility_id=doc.get("admitting_facility_id"),
    )


def moves_of(doc: Mapping[str, Any], key: int, since_ms: int) -> list[Movement]:
    return [
        move
        for move in (decode(text, key) for text in doc.get("moves") or ())
        if move.at_ms >= since_ms
    ]


def departure_document(departure: Departure) -> dict[str, Any]:
    """The queue a move left: its change, when, and the entry's sequence
    number there (its order key there with the entry's priority and
    registration time, which a move keeps; a key is too wide for BSON)."""
    move = departure.move
    return {
        "queue_id": departure.queue_id,
        "facility_id": departure.facility_id,
        "bed_profile": departure.bed_profile,
        "n": move.n,
        "at_ms": move.at_ms,
        "seq": seq_of(move.key),
    }


def departure_of(left: Mapping[str, Any], doc: Mapping[str, Any]) -> Departure:
    """The departure ``left`` stored with the entry document ``doc`` (full
    or BOOK_PROJECTION: its priority and registration time)."""
    key = order_key(doc["priority"], doc["registered_ms"], left["seq"])
    move = Movement(left["n"], left["at_ms"], AHEAD_LEFT, key)
    return Departure(left["queue_id"], left["facility_id"], left["bed_profile"], move)


def relocated_fields(
    entry: QueueEntry,
    log_n: int,
    arrival: Movement,
    departure: Departure,
    moves_there: list[str],
) -> dict[str, Any]:
    """The ``$set`` of a move: the entry's state in its new queue, its last
    moves from its arrival on, the queue it left with the entry's last
    moves there (``moves_there``, for a rebuild of that queue's history)."""
    document = to_document(entry)
    return {
        **mutable_fields(document),
        **{name: document[name] for name in RELOCATED_FIELDS},
        "log_n": log_n,
        "last_move": arrival.encode(),
        "moves": [arrival.encode()],
        "departure": {**departure_document(departure), "moves": moves_there},
    }
