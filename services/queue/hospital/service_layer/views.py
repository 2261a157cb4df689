"""What the hospital's clerks read back: an entry of their own hospital as
it stands after their action."""

from __future__ import annotations

from typing import Any

from services.queue.hospital.service_layer.dependencies import Hospital
from services.queue.waiting_list.domain.model import QueueEntry
from shared.clock import iso


async def entry_answer(hospital: Hospital, entry: QueueEntry) -> dict[str, Any]:
    """The entry's new state, with the notes its hospital's clerks and the
    patient wrote about it (the clerk sees their own hospital's entry only)."""
    indexed = hospital.book.get(entry.hospitalization_code)
    return {
        "entry_id": entry.entry_id,
        "hospitalization_code": entry.hospitalization_code,
        "queue_id": entry.queue_id,
        "kind": entry.kind,
        "status": entry.status.value,
        "version": entry.version,
        "scheduled_date": iso(entry.scheduled_date),
        "no_shows": entry.no_shows,
        "admitted_at": iso(entry.admitted_at),
        "discharged_at": iso(entry.discharged_at),
        "updated_at": iso(entry.updated_at),
        "position": hospital.book.position(indexed) if indexed is not None else None,
        "notes": await hospital.waiting_list.uow.reader().notes.of_entry(
            entry.entry_id
        ),
    }
