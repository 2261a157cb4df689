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
from tests.factories import random_iin


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


T0 = datetime(2026, 3, 2, 9, 0, 0, 123000, tzinfo=UTC)
"""A moment at the store's precision (whole milliseconds, UTC)."""


def a_referral(n: int = 1, **overrides: Any) -> Referral:
    """Referral ``n`` of Almaty's first clinic, registered ``n`` minutes
    after T0, with a code and a patient of its own."""
    at = T0 + timedelta(minutes=n)
    values: dict[str, Any] = {
        "id": f"{n:032x}",
        "hospitalization_code": f"75-0000-{n:04d}-0",
        "referring_facility_id": "KZ-75-P01",
        "practitioner_id": "dr-aliya",
        "patient": Patient(random_iin(), "+77012345678", None, "kk", True),
        "facility_id": "KZ-75-M01",
        "bed_profile": "psychiatry",
        "stay": "round_the_clock",
        "diagnosis": "F20.0",
        "finance_source": "GOBMP",
        "priority": "planned",
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
