"""Steps the journeys share: what a doctor sends, and waiting for what each
party should see."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from tests.e2e.system import System, eventually
from tests.factories import random_iin, random_mobile


def referral_body(
    facility_id: str,
    bed_profile: str,
    *,
    language: str = "ru",
    priority: str = "planned",
    email: str | None = None,
) -> dict[str, Any]:
    today = date.today()
    body: dict[str, Any] = {
        "patient": {
            "iin": random_iin(),
            "phone": random_mobile(),
            "email": email,
            "language": language,
            "consent": True,
        },
        "facility_id": facility_id,
        "bed_profile": bed_profile,
        "stay": "round_the_clock",
        "diagnosis": "F20.0" if bed_profile == "psychiatry" else "I20.8",
        "finance_source": "GOBMP",
        "priority": priority,
        "tests": [
            {
                "code": "complete_blood_count",
                "done_on": today.isoformat(),
                "valid_until": (today + timedelta(days=60)).isoformat(),
            }
        ],
    }
    if priority == "urgent":
        body["priority_reason"] = "Worsening symptoms"
    return body


def register(system: System, token: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = system.call("POST", "referral", "/v1/referrals", body, token)
    assert answer.status == 201, answer.text
    return dict(answer.json())


def referral_status(system: System, token: str, referral_id: str) -> str:
    answer = system.call("GET", "referral", f"/v1/referrals/{referral_id}", token=token)
    assert answer.status == 200, answer.text
    return str(answer.json()["status"])


def wait_for_status(system: System, token: str, referral_id: str, status: str) -> None:
    eventually(lambda: referral_status(system, token, referral_id) == status)


def lookup(system: System, code: str, iin: str) -> dict[str, Any]:
    answer = system.call(
        "POST", "queue", "/v1/queue/lookup", {"code": code, "iin": iin}
    )
    assert answer.status == 200, answer.text
    return dict(answer.json())


def messages_to(system: System, channel: str, recipient: str) -> list[dict[str, Any]]:
    """SMS (``sms``) or e-mail (``mail``) received for ``recipient``."""
    found = []
    for record in system.received(channel):
        to = record["payload"]["to"] if channel == "sms" else record["to"]
        if recipient == to or (isinstance(to, list) and recipient in to):
            found.append(record)
    return found


def text_of(record: dict[str, Any]) -> str:
    return str(record["payload"]["text"] if "payload" in record else record["text"])


def pull(system: System, clerk: str, bed_profile: str, when: str, count: int) -> Any:
    """The desk pulls ``count`` patients of ``bed_profile`` for ``when``."""
    body = {"bed_profile": bed_profile, "date": when, "count": count}
    return system.call("POST", "queue", "/v1/admissions/pull", body, clerk)


def act_on_entry(system: System, clerk: str, entry_id: str, action: str) -> Any:
    """``admit`` or ``no-show`` on one scheduled entry, as the desk."""
    return system.call("POST", "queue", f"/v1/entries/{entry_id}/{action}", {}, clerk)


def a_waiting_patient(system: System, language: str) -> tuple[str, str, str]:
    """A psychiatry referral, once waiting: its code, IIN and phone."""
    doctor = system.token("doctor", "KZ-11-P01", sub=f"dr-{uuid.uuid4().hex[:6]}")
    body = referral_body("KZ-11-M01", "psychiatry", language=language)
    created = register(system, doctor, body)
    wait_for_status(system, doctor, created["id"], "waiting")
    patient = body["patient"]
    return created["hospitalization_code"], patient["iin"], patient["phone"]
