"""The admissions list of a day: who is scheduled (with the IIN and the name
the desk needs, never a diagnosis), the head of the waiting queue with
positions, and the beds. Scheduled entries are read from the entries (a day
holds about as many as the beds); positions and bed counts from the book."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.queue.hospital.domain.admissions import (
    earliest_test_expiry,
    lapses_before_admission,
)
from services.queue.hospital.service_layer.dependencies import Hospital
from services.queue.hospital.service_layer.hospital_queues import bed_figures, beds_of
from services.queue.hospital.service_layer.views import full_names
from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.domain.ordering import queue_id as queue_of
from services.queue.waiting_list.domain.ordering import seq_of
from services.queue.waiting_list.domain.status import Status
from shared.clock import iso


def readiness(entry: QueueEntry, on: date) -> dict[str, Any]:
    return {
        "tests_ready": not lapses_before_admission(entry, on),
        "tests_valid_until": iso(earliest_test_expiry(entry)),
    }


def entry_summary(entry: QueueEntry) -> dict[str, Any]:
    return {
        "entry_id": entry.entry_id,
        "hospitalization_code": entry.hospitalization_code,
        "priority": entry.priority,
        "stay": entry.stay,
        "registered_at": entry.registered_at.isoformat(),
    }


def scheduled_row(entry: QueueEntry, names: dict[str, str], on: date) -> dict[str, Any]:
    return {
        **entry_summary(entry),
        "iin": entry.iin,
        "full_name": names.get(entry.referral_id),
        "referring_facility_id": entry.referring_facility_id,
        "scheduled_date": iso(entry.scheduled_date),
        "no_shows": entry.no_shows,
        "version": entry.version,
        **readiness(entry, on),
    }


def waiting_row(entry: QueueEntry, position: int, on: date) -> dict[str, Any]:
    return {
        "position": position,
        **entry_summary(entry),
        "valid_until": entry.valid_until.isoformat(),
        **readiness(entry, on),
    }


async def waiting_head(
    hospital: Hospital, queue_id: str, size: int
) -> list[tuple[int, QueueEntry]]:
    """The first ``size`` waiting entries with their positions."""
    line = hospital.book.line(queue_id)
    seqs = [seq_of(key) for key in line.head(size)] if line is not None else []
    entries = hospital.waiting_list.uow.reader().entries
    found = await entries.by_seqs(queue_id, seqs) if seqs else []
    by_seq = {entry.seq: entry for entry in found if entry.status == Status.WAITING}
    return [(i + 1, by_seq[s]) for i, s in enumerate(seqs) if s in by_seq]


async def admissions_list(
    hospital: Hospital,
    facility_id: str,
    bed_profile: str,
    on: date,
    *,
    page: int,
    page_size: int,
    head_size: int,
) -> dict[str, Any]:
    beds = beds_of(hospital, facility_id, bed_profile)
    queue_id = queue_of(facility_id, bed_profile)
    reader = hospital.waiting_list.uow.reader()
    scheduled = await reader.entries.scheduled_on(queue_id, on)
    shown = scheduled[(page - 1) * page_size : page * page_size]
    names = await full_names(hospital, shown)
    head = await waiting_head(hospital, queue_id, head_size)
    line = hospital.book.line(queue_id)
    return {
        "facility_id": facility_id,
        "bed_profile": bed_profile,
        "queue_id": queue_id,
        "date": on.isoformat(),
        "beds": bed_figures(hospital, queue_id, beds, on).as_json(),
        "scheduled": [scheduled_row(entry, names, on) for entry in shown],
        "page": page,
        "page_size": page_size,
        "total_scheduled": len(scheduled),
        "waiting": {
            "length": len(line) if line is not None else 0,
            "head": [waiting_row(entry, at, on) for at, entry in head],
        },
    }
