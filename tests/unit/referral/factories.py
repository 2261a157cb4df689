"""Valid inputs for referral tests (request bodies and stored referrals),
with random patients so tests never collide."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from services.referral.domain.model import (
    HistoryEntry,
    Patient,
    PreAdmissionTest,
    Referral,
    Status,
)
from shared.contracts import Envelope, new_event
from shared.settings import ServiceSettings
from tests.factories import bearer, random_iin

CLINIC = "KZ-75-P01"
OTHER_CLINIC = "KZ-71-P01"
CLERK = "hospital:KZ-75-M01:clerk-1"


def referral_body(**overrides: Any) -> dict[str, Any]:
    """A referral to Almaty's mental-health centre that passes every rule."""
    today = date.today()
    body: dict[str, Any] = {
        "patient": {
            "iin": random_iin(),
            "phone": "+77012345678",
            "email": "patient@example.kz",
            "language": "kk",
            "consent": True,
        },
        "facility_id": "KZ-75-M01",
        "bed_profile": "psychiatry",
        "stay": "round_the_clock",
        "diagnosis": "F20.0",
        "finance_source": "GOBMP",
        "priority": "planned",
        "tests": [
            {
                "code": "complete_blood_count",
                "done_on": (today - timedelta(days=2)).isoformat(),
                "valid_until": (today + timedelta(days=120)).isoformat(),
            }
        ],
    }
    body.update(overrides)
    return body


def with_patient(body: dict[str, Any], **changes: Any) -> dict[str, Any]:
    patient = {**body["patient"], **changes}
    return {**body, "patient": {k: v for k, v in patient.items() if v != ...}}


TARGET = (
    "facility_id",
    "bed_profile",
    "stay",
    "diagnosis",
    "finance_source",
    "priority",
)
"""What a referral asks for, as the request body asks it."""
T0 = datetime(2026, 3, 2, 9, 0, 0, 123000, tzinfo=UTC)
"""A moment at the store's precision (whole milliseconds, UTC)."""


def a_referral(n: int = 1, **overrides: Any) -> Referral:
    """Referral ``n`` of Almaty's first clinic, registered ``n`` minutes
    after T0, with a code and a patient of its own."""
    at = T0 + timedelta(minutes=n)
    body = referral_body()
    values: dict[str, Any] = {
        "id": f"{n:032x}",
        "hospitalization_code": f"75-0000-{n:04d}-0",
        "referring_facility_id": "KZ-75-P01",
        "practitioner_id": "dr-aliya",
        "patient": Patient(random_iin(), "+77012345678", None, "kk", True),
        **{name: body[name] for name in TARGET},
        "priority_reason": None,
        "purpose": "treatment",
        "tests": (
            PreAdmissionTest("other", date(2026, 3, 1), date(2026, 6, 1), "TSH"),
        ),
        "planned_date": date(2026, 3, 20),
        "registered_at": at,
        "valid_until": date(2026, 4, 19),
        "history": [HistoryEntry(Status.REGISTERED, at, "doctor:dr-aliya")],
    }
    values.update(overrides)
    return Referral(**values)


def doctor_headers(
    settings: ServiceSettings,
    facility: str = CLINIC,
    role: str = "doctor",
    subject: str = "dr-aliya",
) -> dict[str, str]:
    """A bearer token of the development issuer, as an Authorization header."""
    return bearer(settings, role, facility, subject)


STATUS_OF = {
    "queue.entry_placed": "waiting",
    "queue.admission_scheduled": "scheduled",
    "queue.patient_admitted": "admitted",
    "queue.no_show": "waiting",
    "queue.entry_rejected": "rejected",
    "queue.entry_cancelled": "cancelled",
    "queue.entry_expired": "expired",
    "queue.entry_reinstated": "waiting",
}
"""The entry's status each queue event carries (a no-show here returns the
patient to waiting)."""


def queue_event(
    referral: dict[str, Any], event_type: str, version: int, **data: Any
) -> Envelope:
    """What the queue publishes about the entry of ``referral`` (its answer's
    ``id`` and ``hospitalization_code``)."""
    status = STATUS_OF.get(event_type, "waiting")
    base = {
        "entry_id": f"entry-{referral['id'][:8]}",
        "referral_id": referral["id"],
        "hospitalization_code": referral["hospitalization_code"],
        "queue_id": "KZ-75-M01:psychiatry",
        "facility_id": "KZ-75-M01",
        "referring_facility_id": CLINIC,
        "version": version,
        "status": status,
        "actor": CLERK,
    }
    return new_event(event_type, {**base, **data}, "queue")


def placed(referral: dict[str, Any], version: int, position: int = 1) -> Envelope:
    return queue_event(
        referral,
        "queue.entry_placed",
        version,
        position=position,
        queue_length=position,
    )


def closed_elsewhere(referral: dict[str, Any], version: int) -> Envelope:
    """What the queue says when an emergency elsewhere closed the entry."""
    return queue_event(
        referral,
        "queue.entry_cancelled",
        version,
        reason_code="admitted_elsewhere",
        actor="system",
    )


def reinstated(
    referral: dict[str, Any], version: int, valid_until: date = date(2027, 2, 1)
) -> Envelope:
    """What the queue says when it brought the entry back at its place."""
    return queue_event(
        referral, "queue.entry_reinstated", version, valid_until=valid_until
    )
