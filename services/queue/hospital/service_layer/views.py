"""What the hospital's clerks read back: an entry of their own hospital as
it stands after their action, and who an entry is about (with the patient's
name, the one place outside the referral service that shows it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from services.queue.hospital.service_layer.dependencies import Hospital
from services.queue.waiting_list.domain.model import QueueEntry
from shared.clock import iso


async def full_names(
    hospital: Hospital, entries: Sequence[QueueEntry]
) -> dict[str, str]:
    """The patients' names the doctor (or the clerk, for an emergency) gave,
    by referral id: one read for a page of a list."""
    referral_ids = [entry.referral_id for entry in entries]
    names = hospital.waiting_list.uow.reader().patient_names
    return await names.of_referrals(referral_ids)


def patient_entry(entry: QueueEntry, names: dict[str, str]) -> dict[str, Any]:
    """Whose entry it is, as a clerk of its hospital sees it in any list
    (``names`` from :func:`full_names`)."""
    return {
        "entry_id": entry.entry_id,
        "hospitalization_code": entry.hospitalization_code,
        "kind": entry.kind,
        "iin": entry.iin,
        "full_name": names.get(entry.referral_id),
        "bed_profile": entry.bed_profile,
        "stay": entry.stay,
        "referring_facility_id": entry.referring_facility_id,
    }


async def entry_answer(hospital: Hospital, entry: QueueEntry) -> dict[str, Any]:
    """The entry's new state, with the notes its hospital's clerks and the
    patient wrote about it in its queue (the clerk sees their own hospital's
    entry only, and not the notes of a hospital it moved from)."""
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
            entry.entry_id, entry.queue_id
        ),
    }
