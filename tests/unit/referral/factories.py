"""Valid inputs for referral tests, with random patients so tests never
collide."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

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
