"""The doctor's reinstatement and renewal across the three services on the
real broker and store: the referral service answers 202 and asks through
its outbox, the queue carries the request out (or refuses it) and tells the
referral service, the patient and the clinic's webhook."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import pytest

from services.queue.waiting_list.adapters.collections import ENTRIES
from shared.runtime import PLATFORM
from tests.factories import random_iin
from tests.integration.notification.conftest import eventually
from tests.integration.queue.support import Replica
from tests.integration.three_services import Kezek, running
from tests.queue_builders import Clock
from tests.unit.referral.factories import referral_body, with_patient


@pytest.fixture
def queue_clock() -> Clock:
    """The queue's clock, from now on: a test may move it ahead."""
    return Clock(datetime.now(UTC))


@pytest.fixture
async def kezek(
    aiohttp_client, aiohttp_server, make_settings, amqp_url, queue_clock
) -> AsyncIterator[Kezek]:
    async with running(
        aiohttp_client, aiohttp_server, make_settings, amqp_url, queue_clock
    ) as system:
        yield system


def referral(**overrides: Any) -> dict[str, Any]:
    return with_patient(referral_body(**overrides), iin=random_iin())


async def leaves(kezek: Kezek, made: dict[str, Any]) -> None:
    """The patient cancels on the status page; the referral hears of it."""
    body = {"code": made["hospitalization_code"], "iin": made["iin"]}
    await kezek.call(
        kezek.queue, "/v1/queue/cancel", {**body, "reason_code": "moved"}, {}
    )
    await eventually(partial(kezek.status_is, made["id"], "cancelled"), 30)


async def last_action(kezek: Kezek, made: dict[str, Any], action: str) -> bool:
    return (await kezek.shown(made["id"]))["history"][-1]["action"] == action


async def position(kezek: Kezek, made: dict[str, Any]) -> int | None:
    body = {"code": made["hospitalization_code"], "iin": made["iin"]}
    return (await kezek.call(kezek.queue, "/v1/queue/lookup", body, {}))["position"]


def hooks(kezek: Kezek, made: dict[str, Any]) -> list[dict[str, Any]]:
    bodies = [json.loads(r["body"]) for r in kezek.webhooks.requests]
    return [b for b in bodies if b["referral_id"] == made["id"]]


async def test_the_patients_cancellation_is_undone_at_its_place(kezek):
    first, second = [await kezek.refer(referral()) for _ in range(2)]
    await leaves(kezek, first)
    assert await position(kezek, second) == 1
    why = {"reason_code": "cancelled_by_mistake", "note": "pressed by her son"}
    answer = await kezek.ask(first["id"], "reinstate", why)
    assert (answer["status"], answer["pending"]["kind"]) == (
        "cancelled",
        "reinstatement",
    )
    await eventually(partial(last_action, kezek, first, "reinstated"), 30)
    back = await kezek.shown(first["id"])
    assert (back["status"], back["pending"]) == ("waiting", None)
    assert [await position(kezek, first), await position(kezek, second)] == [1, 2]
    await eventually(lambda: len(hooks(kezek, first)) >= 3, 30)
    told = sorted((h["type"], h.get("closed_by") or "") for h in hooks(kezek, first))
    assert told == [
        ("referral.closed", "patient"),
        ("referral.placed", ""),
        ("referral.reinstated", ""),
    ]
    assert "pressed by her son" not in kezek.sent()


async def test_a_renewal_moves_the_queues_validity_and_the_referrals(kezek):
    today = Replica(kezek.queue.app).today()
    made = await kezek.refer(
        referral(planned_date=(today + timedelta(days=10)).isoformat())
    )
    later = (today + timedelta(days=80)).isoformat()
    body = {"reason_code": "still_waiting", "valid_until": later}
    assert (await kezek.ask(made["id"], "renew", body))["pending"]["kind"] == "renewal"
    await eventually(partial(last_action, kezek, made, "renewed"), 30)
    assert (await kezek.shown(made["id"]))["valid_until"] == later
    entries = kezek.queue.app[PLATFORM].db[ENTRIES]
    entry = await entries.find_one({"referral_id": made["id"]})
    assert (entry["valid_until"], entry["status"]) == (later, "waiting")
    await eventually(lambda: len(hooks(kezek, made)) >= 2, 30)
    [renewed] = [h for h in hooks(kezek, made) if h["type"] == "referral.renewed"]
    assert renewed["valid_until"] == later


async def test_a_request_the_queue_cannot_carry_out_comes_back_refused(
    kezek, queue_clock
):
    made = await kezek.refer(referral())
    await leaves(kezek, made)
    queue_clock.advance(days=31)
    await kezek.ask(made["id"], "reinstate", {"reason_code": "still_needed"})
    await eventually(partial(last_action, kezek, made, "reinstatement_refused"), 30)
    after = await kezek.shown(made["id"])
    assert (after["status"], after["pending"]) == ("cancelled", None)
    assert after["history"][-1]["reason_code"] == "reinstatement_window_passed"
    await eventually(lambda: len(hooks(kezek, made)) >= 3, 30)
    [refused] = [h for h in hooks(kezek, made) if "request" in h]
    assert (refused["type"], refused["request"], refused["reason_code"]) == (
        "referral.request_refused",
        "reinstatement",
        "reinstatement_window_passed",
    )
    again = await kezek.referral.post(
        "/v1/referrals",
        json=made_body(made),
        headers=kezek.token("doctor", "KZ-75-P01"),
    )
    assert again.status == 201


def made_body(made: dict[str, Any]) -> dict[str, Any]:
    return with_patient(referral_body(), iin=made["iin"])
