"""Fixtures: the notification service against a real SMTP server, a local
HTTP SMS gateway and a webhook receiver, on the real broker and Mongo."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from services.notification.settings import NotificationSettings
from shared.contracts import Envelope, new_event
from shared.runtime import PLATFORM
from tests.integration.notification.servers import (
    HttpRecorder,
    SmtpRecorder,
    start_smtp,
)

CLINIC = "KZ-75-P01"
HOSPITAL = "KZ-75-H01"


@pytest.fixture
async def smtp() -> AsyncIterator[tuple[SmtpRecorder, int]]:
    recorder = SmtpRecorder()
    server, port = await start_smtp(recorder)
    yield recorder, port
    server.close()


@pytest.fixture
async def gateway(aiohttp_server: Any) -> tuple[HttpRecorder, str]:
    recorder = HttpRecorder()
    server = await aiohttp_server(recorder.app())
    return recorder, str(server.make_url("/sms"))


@pytest.fixture
async def receiver(aiohttp_server: Any) -> tuple[HttpRecorder, str]:
    recorder = HttpRecorder()
    server = await aiohttp_server(recorder.app())
    return recorder, str(server.make_url("/hooks/kezek"))


@pytest.fixture
def notification_settings(
    make_settings: Callable[..., Any],
    smtp: tuple[SmtpRecorder, int],
    gateway: tuple[HttpRecorder, str],
) -> Callable[..., NotificationSettings]:
    def make(**overrides: Any) -> NotificationSettings:
        values: dict[str, Any] = {
            "sms_gateway_url": gateway[1],
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp[1],
            "delivery_backoff_base_s": 0.05,
            "delivery_backoff_max_s": 0.2,
            "delivery_max_attempts": 3,
            "delivery_lease_s": 30.0,
            "dispatch_interval_s": 0.1,
            "quiet_hours": "",
            "status_page_url": "https://kezek.test/status",
            **overrides,
        }
        settings: NotificationSettings = make_settings(NotificationSettings, **values)
        settings.validate()
        return settings

    return make


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
    "queue.entry_reinstated": {},
    "queue.patient_admitted": {},
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
        **EXTRA[event_type],
        **extra,
    }
    return new_event(event_type, data, producer="queue")


async def eventually(
    check: Callable[[], Awaitable[Any]] | Callable[[], Any], timeout: float = 15.0
) -> Any:
    """Poll ``check`` until it returns something truthy."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = check()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("condition not met in time")
        await asyncio.sleep(0.05)


def token(settings: NotificationSettings, role: str, facility: str = CLINIC) -> dict:
    from shared.auth import issue_token

    signed = issue_token(
        settings.jwt_secret,
        role=role,
        facility=facility,
        subject="tester",
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
    )
    return {"Authorization": f"Bearer {signed}"}


async def deliveries_of(app: Any, referral_id: str) -> list[dict[str, Any]]:
    cursor = app[PLATFORM].db["deliveries"].find({"referral_id": referral_id})
    return await cursor.to_list(None)


async def admit_a_patient_of(client: Any, facility: str = CLINIC) -> str:
    """A referral of ``facility`` (no consent: webhooks only) whose patient
    was admitted; its id."""
    publisher = client.app[PLATFORM].publisher
    referral = registered(consent=False, facility=facility)
    rid = referral.data["referral_id"]
    await publisher.publish(referral)
    await publisher.publish(
        queue_event("queue.patient_admitted", rid, facility=facility)
    )
    return str(rid)


async def final_webhook(app: Any, referral_id: str) -> dict[str, Any] | None:
    """The referral's first delivery in a final state, if any yet."""
    records = await deliveries_of(app, referral_id)
    done = [r for r in records if r["status"] in ("sent", "failed")]
    return done[0] if done else None
