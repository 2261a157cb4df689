"""Events the notification service hears of, for its tests on every layer:
a referral's registration with the patient's contact, and queue events."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from shared.contracts import Envelope, new_event

CLINIC = "KZ-75-P01"
HOSPITAL = "KZ-75-H01"


def registered(
    referral_id: str | None = None,
    *,
    language: str = "ru",
    phone: str | None = "+77011234567",
    email: str | None = "patient@example.kz",
    consent: bool = True,
    code: str = "75-AB12CD-7",
    facility: str = CLINIC,
    version: int = 1,
) -> Envelope:
    return new_event(
        "referral.registered",
        {
            "referral_id": referral_id or uuid.uuid4().hex,
            "hospitalization_code": code,
            "version": version,
            "iin": "791028302728",
            "referring_facility_id": facility,
            "facility_id": HOSPITAL,
            "bed_profile": "therapy",
            "stay": "round_the_clock",
            "priority": "planned",
            "registered_at": datetime(2025, 2, 1, 4, tzinfo=UTC),
            "valid_until": date(2025, 5, 1),
            "contact": {
                "phone": phone,
                "email": email,
                "language": language,
                "consent": consent,
            },
        },
        producer="referral",
    )


EXTRA: dict[str, dict[str, Any]] = {
    "queue.entry_placed": {
        "position": 12,
        "queue_length": 340,
        "estimated_admission": {
            "earliest": date(2025, 3, 1),
            "latest": date(2025, 3, 15),
        },
    },
    "queue.admission_scheduled": {"scheduled_date": date(2025, 3, 4)},
    "queue.position_milestone": {"position": 3},
    "queue.expiry_approaching": {"valid_until": date(2025, 4, 20)},
    "queue.no_show": {"returned_to_waiting": True},
    "queue.entry_rejected": {"reason_code": "no_beds_for_profile"},
    "queue.entry_cancelled": {},
    "queue.entry_expired": {"reinstatable_until": date(2025, 5, 10)},
    "queue.entry_reinstated": {"valid_until": date(2025, 8, 1)},
    "queue.entry_renewed": {"valid_until": date(2025, 7, 1)},
    "queue.patient_admitted": {},
    "queue.wait_at_risk": {
        "max_wait_days": 90,
        "deadline": date(2025, 4, 30),
        "flag": "at_risk",
        "days_over": 5,
        "estimated_admission": {
            "earliest": date(2025, 4, 1),
            "latest": date(2025, 5, 5),
        },
        "alternatives": ["KZ-75-C01"],
    },
}


def queue_event(
    event_type: str,
    referral_id: str,
    *,
    version: int = 1,
    code: str = "75-AB12CD-7",
    facility: str = CLINIC,
    **extra: Any,
) -> Envelope:
    data = {
        "entry_id": f"e-{referral_id}",
        "referral_id": referral_id,
        "hospitalization_code": code,
        "queue_id": f"{HOSPITAL}:therapy",
        "facility_id": HOSPITAL,
        "referring_facility_id": facility,
        "version": version,
        "status": "waiting",
        **EXTRA.get(event_type, {}),
        **extra,
    }
    return new_event(event_type, data, producer="queue")
