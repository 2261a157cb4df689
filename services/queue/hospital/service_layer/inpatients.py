"""Who is in a bed now at a hospital: its admitted patients (from a referral
or as an emergency), the earliest admitted first, with what the ward needs
(IIN, name, admitted at, expected discharge, days in; never a diagnosis) and
the entry id that discharges them (POST /v1/entries/{entry_id}/discharge).
Rows are read through an index of the admitted entries; the total is the
book's count of occupied beds."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.queue.hospital.domain.stays import Stay
from services.queue.hospital.service_layer.dependencies import Hospital
from services.queue.hospital.service_layer.hospital_queues import profiles_of
from services.queue.hospital.service_layer.views import full_names, patient_entry
from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.domain.ordering import queue_id as queue_of
from shared.clock import iso


def inpatient_row(
    entry: QueueEntry, names: dict[str, str], stay: Stay, today: date
) -> dict[str, Any]:
    return {
        **patient_entry(entry, names),
        "admitted_at": iso(entry.admitted_at),
        "admitted_on": stay.admitted_on.isoformat(),
        "expected_discharge": stay.expected_discharge.isoformat(),
        "days_in": stay.days_in(today),
        "overdue": stay.overdue(today),
        "version": entry.version,
    }


async def inpatients(
    hospital: Hospital,
    facility_id: str,
    bed_profile: str | None,
    *,
    page: int,
    page_size: int,
) -> dict[str, Any]:
    """One page of the hospital's inpatients (of one profile, or all)."""
    profiles = profiles_of(hospital, facility_id, bed_profile)
    queue_ids = [queue_of(facility_id, profile) for profile in profiles]
    reader = hospital.waiting_list.uow.reader()
    found = await reader.facility_entries.admitted(
        queue_ids, (page - 1) * page_size, page_size
    )
    today = hospital.calendar.today()
    names = await full_names(hospital, found)
    rows = []
    for entry in found:
        if entry.admitted_at is None:
            continue
        admitted_on = hospital.book.local_day(entry.admitted_at)
        stay = Stay(admitted_on, profiles[entry.bed_profile].typical_stay_days)
        rows.append(inpatient_row(entry, names, stay, today))
    lines = [hospital.book.line(queue_id) for queue_id in queue_ids]
    return {
        "facility_id": facility_id,
        "bed_profile": bed_profile,
        "date": today.isoformat(),
        "inpatients": rows,
        "page": page,
        "page_size": page_size,
        "total": sum(line.admitted for line in lines if line is not None),
    }
