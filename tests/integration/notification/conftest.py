"""Fixtures: the notification service against a real SMTP server, a local
HTTP SMS gateway and a webhook receiver, on the real broker and Mongo."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from services.notification.settings import NotificationSettings
from shared.runtime import PLATFORM
from tests.factories import bearer
from tests.integration.notification.servers import (
    HttpRecorder,
    SmtpRecorder,
    start_smtp,
)
from tests.notification_events import (  # noqa: F401 - the tests' own names
    CLINIC,
    EXTRA,
    HOSPITAL,
    queue_event,
    registered,
)


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
    return bearer(settings, role, facility)


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
