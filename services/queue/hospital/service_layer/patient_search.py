"""A clerk finds a patient among their own hospital's entries: by the
hospitalization code (the one entry, if it is this hospital's) or by the
IIN (the patient's entries here, the most recently registered first; an
emergency admission has no code and is found by the IIN), or by both (the
entry must match both). Another hospital's entry is not found, exactly as
an unknown code or IIN: the answer is an empty list either way."""

from __future__ import annotations

from typing import Any

from services.queue.hospital.service_layer.dependencies import Hospital
from services.queue.hospital.service_layer.views import full_names, patient_entry
from services.queue.waiting_list.domain.model import QueueEntry
from shared.clock import iso
from shared.iin import iin_digest


def found_row(
    hospital: Hospital, entry: QueueEntry, names: dict[str, str]
) -> dict[str, Any]:
    indexed = hospital.book.get(entry.hospitalization_code)
    return {
        **patient_entry(entry, names),
        "queue_id": entry.queue_id,
        "status": entry.status.value,
        "version": entry.version,
        "priority": entry.priority,
        "registered_at": entry.registered_at.isoformat(),
        "valid_until": entry.valid_until.isoformat(),
        "position": hospital.book.position(indexed) if indexed is not None else None,
        "scheduled_date": iso(entry.scheduled_date),
        "no_shows": entry.no_shows,
        "admitted_at": iso(entry.admitted_at),
        "discharged_at": iso(entry.discharged_at),
    }


async def _found(
    hospital: Hospital, facility_id: str, code: str | None, digest: str | None
) -> list[QueueEntry]:
    reader = hospital.waiting_list.uow.reader()
    if code is not None:
        entry = await reader.entries.by_code(code)
        if entry is None or entry.facility_id != facility_id:
            return []
        return [entry] if digest in (None, entry.iin_digest) else []
    if digest is not None:
        return await reader.facility_entries.of_patient(facility_id, digest)
    return []


async def find_patient(
    hospital: Hospital,
    facility_id: str,
    *,
    code: str | None = None,
    iin: str | None = None,
) -> dict[str, Any]:
    """The hospital's entries with this (canonical) code and/or IIN; none
    for neither."""
    digest = iin_digest(iin, hospital.digest_key) if iin is not None else None
    found = await _found(hospital, facility_id, code, digest)
    names = await full_names(hospital, found)
    return {"entries": [found_row(hospital, entry, names) for entry in found]}
