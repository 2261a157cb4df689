"""The waiting-time guarantee across the three services on the real broker
and store: the queue's sweep finds a referral past its profile's maximum
wait and tells it once; the patient gets a short message that names neither
the care nor the hospitals, the referring clinic a ``referral.wait_breached``
webhook with the deadline and the alternatives as facility ids."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest

from services.notification.domain.privacy import revealing_terms
from services.queue.guarantee.entrypoints.keys import GUARANTEES
from services.queue.guarantee.service_layer.sweep import run_guarantee_sweep
from shared.runtime import PLATFORM
from tests.factories import random_iin
from tests.integration.notification.conftest import eventually
from tests.integration.three_services import Kezek, running
from tests.queue_builders import Clock
from tests.unit.referral.factories import referral_body, with_patient

MAX_DAYS = 30


@pytest.fixture
def queue_clock() -> Clock:
    return Clock(datetime.now(UTC))


@pytest.fixture
async def kezek(
    aiohttp_client, aiohttp_server, make_settings, amqp_url, queue_clock
) -> AsyncIterator[Kezek]:
    guarantee = {"max_wait_days": f"psychiatry={MAX_DAYS}"}
    async with running(
        aiohttp_client, aiohttp_server, make_settings, amqp_url, queue_clock, guarantee
    ) as system:
        yield system


def hooks(kezek: Kezek, referral_id: str, kind: str) -> list[dict[str, Any]]:
    bodies = [json.loads(r["body"]) for r in kezek.webhooks.requests]
    return [b for b in bodies if (b["referral_id"], b["type"]) == (referral_id, kind)]


async def test_a_breach_is_told_once_to_the_patient_and_the_clinic(kezek, queue_clock):
    made = await kezek.refer(with_patient(referral_body(), iin=random_iin()))
    queue_clock.advance(days=MAX_DAYS + 1)
    guarantees = kezek.queue.app[GUARANTEES]
    first = await run_guarantee_sweep(guarantees)
    again = await run_guarantee_sweep(guarantees)
    assert (first.told, again.told) == (1, 0)
    await eventually(lambda: hooks(kezek, made["id"], "referral.wait_breached"), 30)
    await eventually(kezek.everything_delivered, 30)
    [hook] = hooks(kezek, made["id"], "referral.wait_breached")
    assert (hook["max_wait_days"], hook["flag"], hook["days_over"]) == (
        MAX_DAYS,
        "in_breach",
        1,
    )
    assert hook["alternatives"] == [] and hook["status"] == "waiting"
    outbox = kezek.queue.app[PLATFORM].db["outbox"]
    told = {"envelope.event_type": "queue.wait_breached"}
    assert await outbox.count_documents(told) == 1
    sent = kezek.sent()
    assert made["hospitalization_code"] in sent
    assert f"{MAX_DAYS} күн" in sent  # the patient's language is Kazakh
    assert revealing_terms(sent) == []
    assert "KZ-75-M01" not in "".join(r["body"].decode() for r in kezek.sms.requests)
