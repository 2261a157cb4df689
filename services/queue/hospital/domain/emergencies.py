"""Emergency admissions: a patient the hospital takes in directly.

The admission is an entry of the hospital's queue that arrives admitted (it
never waits, so it moves nobody) and occupies a bed until discharged. The
patient's open entry for the same bed profile at any hospital is closed as
admitted elsewhere, so its followers move up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar

from services.queue.waiting_list.domain import events
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.domain.status import (
    ADMITTED_ELSEWHERE,
    CANCELLABLE,
    Status,
)

EMERGENCY = "emergency"
EMERGENCY_ADMISSION = "emergency_admission"
CLOSABLE = CANCELLABLE
"""An open entry (waiting or scheduled) or one still reinstatable (expired)."""


@dataclass(frozen=True, kw_only=True)
class EmergencyAdmitted(events.EntryChanged):
    event_type: ClassVar[str] = "queue.emergency_admitted"


def emergency_code(admission_id: str) -> str:
    """An internal code: emergencies get no ticket, but every entry has one."""
    return f"EM-{admission_id.upper()}"


def admit_emergency(
    *,
    admission_id: str,
    iin: str,
    iin_digest: str,
    facility_id: str,
    bed_profile: str,
    seq: int,
    actor: Actor,
    at: datetime,
    today: date,
) -> tuple[QueueEntry, EmergencyAdmitted]:
    entry = QueueEntry(
        entry_id=admission_id,
        referral_id=f"{EMERGENCY}:{admission_id}",
        referral_version=0,
        hospitalization_code=emergency_code(admission_id),
        iin=iin,
        iin_digest=iin_digest,
        facility_id=facility_id,
        bed_profile=bed_profile,
        referring_facility_id=facility_id,
        priority="urgent",
        stay="round_the_clock",
        registered_at=at,
        valid_until=today,
        seq=seq,
        status=Status.ADMITTED,
        version=1,
        placed_at=at,
        updated_at=at,
        admitted_at=at,
        kind=EMERGENCY,
    )
    return entry, _admitted(actor, at)


def _admitted(actor: Actor, at: datetime) -> EmergencyAdmitted:
    return EmergencyAdmitted(
        from_status=None,
        to_status=Status.ADMITTED.value,
        actor=actor,
        at=at,
        reason_code=EMERGENCY_ADMISSION,
    )


def close_as_admitted_elsewhere(
    entry: QueueEntry,
    actor: Actor,
    at: datetime,
    admitting_facility_id: str,
    reinstatable_until: date,
) -> events.EntryCancelled:
    """Close the patient's open entry: they were admitted as an emergency at
    ``admitting_facility_id``, which only the patient's own lookup shows. The
    referring doctor may undo it until ``reinstatable_until``."""
    change = entry.cancel(
        actor, at, ADMITTED_ELSEWHERE, reinstatable_until=reinstatable_until
    )
    entry.admitting_facility_id = admitting_facility_id
    return change
