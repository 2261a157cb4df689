"""Read-side answers straight from the book (no MongoDB on these paths)."""

from __future__ import annotations

import hmac
from datetime import date, timedelta
from typing import Any

from services.queue.guarantee.service_layer.standing import wait_guarantee
from services.queue.patients.service_layer.dependencies import Patients
from services.queue.waiting_list.domain.beds import free_beds
from services.queue.waiting_list.domain.book import from_epoch_s
from services.queue.waiting_list.domain.entry_state import DIGEST_BYTES
from services.queue.waiting_list.domain.estimate import HORIZON_DAYS, band, wait_days
from services.queue.waiting_list.domain.queue_line import IndexedEntry, QueueLine
from services.queue.waiting_list.domain.status import ADMITTED_ELSEWHERE, CANCELLABLE
from shared.clock import iso
from shared.reference.registry import BedProfile, Facility

_NO_DIGEST = bytes(DIGEST_BYTES)


def verify_patient(patients: Patients, code: str, iin: str) -> IndexedEntry | None:
    """The entry for ``code`` if ``iin`` is its patient's. A wrong code and a
    wrong IIN do the same work (a keyed digest and one constant-time
    comparison) and give the same None."""
    entry = patients.book.get(code)
    digest = patients.digester.digest(iin)[:DIGEST_BYTES]
    expected = entry.digest if entry is not None else _NO_DIGEST
    matches = hmac.compare_digest(expected, digest)
    return entry if matches and entry is not None else None


# The lookup renders a few dates and instants again and again (today's
# windows, the queue's movements): their texts are kept, up to a bound.
_MEMO_LIMIT = 1 << 16
_DAY_TEXT: dict[int, str] = {}
_INSTANT_TEXT: dict[int, str] = {}


def _day_text(ordinal: int) -> str:
    text = _DAY_TEXT.get(ordinal)
    if text is None:
        if len(_DAY_TEXT) >= _MEMO_LIMIT:
            _DAY_TEXT.clear()
        text = _DAY_TEXT[ordinal] = date.fromordinal(ordinal).isoformat()
    return text


def _instant_text(seconds: int) -> str:
    text = _INSTANT_TEXT.get(seconds)
    if text is None:
        if len(_INSTANT_TEXT) >= _MEMO_LIMIT:
            _INSTANT_TEXT.clear()
        text = _INSTANT_TEXT[seconds] = from_epoch_s(seconds).isoformat()
    return text


def patient_status(
    patients: Patients, entry: IndexedEntry, language: str
) -> dict[str, Any]:
    """Where the patient stands and why it last moved (no name, diagnosis or
    bed profile), the hospital named in ``language``. The lookup's hot path:
    nothing here may walk a queue."""
    line = entry.line
    if entry.status != "waiting":
        return _closed_or_scheduled(patients, entry, language)
    key = entry.key
    position = line.position(key)
    changed = None
    updated_s = entry.updated_s
    moved = line.last_change(key)
    if moved is not None:
        moved_s = moved.at_ms // 1000
        changed = {
            "reason": moved.reason,
            "count": moved.count,
            "at": _instant_text(moved_s),
        }
        if moved_s > updated_s:
            updated_s = moved_s
    return {
        "status": "waiting",
        "reason_code": None,
        "position": position,
        "queue_length": len(line.waiting),
        "estimated_admission": _estimate(patients, line, position),
        "scheduled_date": None,
        "hospital": patients.hospital_cards.of(line.facility_id, language),
        "changed": changed,
        "cancellable": True,
        "updated_at": _instant_text(updated_s),
        "wait_guarantee": _guarantee(patients, entry, language),
    }


def _estimate(
    patients: Patients, line: QueueLine, position: int
) -> dict[str, object] | None:
    today = patients.calendar.today()
    found = patients.pace.of_line(line, today)
    if found is None:
        return None
    soonest, latest = wait_days(position, found)
    day = today.toordinal()
    return band(
        _day_text(day + soonest),
        _day_text(day + latest) if latest is not None else None,
        _day_text(day + HORIZON_DAYS),
    )


def _closed_or_scheduled(
    patients: Patients, entry: IndexedEntry, language: str
) -> dict[str, Any]:
    """A scheduled entry's date, or how it closed: an entry closed by an
    emergency admission names the hospital that admitted the patient."""
    scheduled = iso(entry.scheduled_date)
    estimate = None
    if entry.status == "scheduled" and scheduled is not None:
        estimate = band(scheduled, scheduled, scheduled)
    admitted_by = entry.admitting_facility_id
    hospital = admitted_by or entry.line.facility_id
    return {
        "status": entry.status,
        "reason_code": ADMITTED_ELSEWHERE if admitted_by else None,
        "position": None,
        "queue_length": None,
        "estimated_admission": estimate,
        "scheduled_date": scheduled,
        "hospital": patients.hospital_cards.of(hospital, language),
        "changed": None,
        "cancellable": entry.status in CANCELLABLE,
        "updated_at": _instant_text(entry.updated_s),
        "wait_guarantee": _guarantee(patients, entry, language),
    }


def _guarantee(
    patients: Patients, entry: IndexedEntry, language: str
) -> dict[str, Any] | None:
    """The maximum wait, the deadline, the flag and, when flagged, the
    shorter queues (null when the profile has no maximum wait)."""
    found = patients.guarantees
    return wait_guarantee(found, entry, language) if found is not None else None


def facilities(
    patients: Patients, bed_profile: str | None, region: str | None, language: str
) -> dict[str, Any]:
    """The registry's facilities with live numbers per bed profile: waiting,
    free beds (today and the next days), estimated wait for a new entry;
    names and addresses in ``language``."""
    today = patients.calendar.today()
    registry = patients.registry
    found = (
        registry.hospitals(bed_profile, region)
        if bed_profile
        else [
            f
            for f in registry.facilities.values()
            if region is None or f.region == region
        ]
    )
    listed: list[dict[str, Any]] = []
    for facility in found:
        profiles = [
            _profile_figures(patients, facility.id, name, profile, today)
            for name, profile in facility.bed_profiles.items()
            if bed_profile is None or name == bed_profile
        ]
        listed.append(_facility_card(facility, profiles, language))
    if bed_profile:
        listed.sort(key=lambda f: _soonest(f["bed_profiles"]))
    return {
        "registry_version": registry.version,
        "as_of": today.isoformat(),
        "facilities": listed,
    }


def _facility_card(
    facility: Facility, profiles: list[dict[str, Any]], language: str
) -> dict[str, Any]:
    return {
        "id": facility.id,
        "name": facility.name_in(language),
        "kind": facility.kind,
        "region": facility.region,
        "address": facility.address_in(language),
        "phone": facility.phone,
        "osms_contracted": facility.osms_contracted,
        "bed_profiles": profiles,
    }


def _profile_figures(
    patients: Patients,
    facility_id: str,
    name: str,
    profile: BedProfile,
    today: date,
) -> dict[str, Any]:
    queue_id = f"{facility_id}:{name}"
    line = patients.book.line(queue_id)
    waiting = len(line) if line is not None else 0
    admitted = line.admitted if line is not None else 0
    next_days = []
    for offset in range(3):
        day = today + timedelta(days=offset)
        scheduled = line.scheduled.get(day, 0) if line is not None else 0
        next_days.append(
            {
                "date": day.isoformat(),
                "free": free_beds(profile.beds, admitted, scheduled),
            }
        )
    wait = patients.pace.wait_range(patients.book, queue_id, waiting + 1, today)
    return {
        "bed_profile": name,
        "beds": profile.beds,
        "typical_stay_days": profile.typical_stay_days,
        "stays": list(profile.stays),
        "waiting": waiting,
        "free_beds": next_days[0]["free"],
        "free_beds_next_days": next_days,
        "estimated_wait_days": _wait_days(wait),
    }


def _wait_days(wait: tuple[int, int | None] | None) -> dict[str, Any] | None:
    if wait is None:
        return None
    return {"min": wait[0], "max": wait[1], "beyond_horizon": wait[1] is None}


def _soonest(profiles: list[dict[str, Any]]) -> int:
    """Sorting by the longest wait: one beyond the horizon after every other,
    a queue without an estimate last."""
    waits = [
        HORIZON_DAYS + 1 if wait["max"] is None else wait["max"]
        for wait in (p["estimated_wait_days"] for p in profiles)
        if wait
    ]
    return min(waits) if waits else 10**6
