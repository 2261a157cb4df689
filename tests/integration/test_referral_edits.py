"""The doctor's edit across the three services on the real broker and store
(issue 12): a patient whose test lapsed is passed over by every pull until
the doctor gives new test dates, and then the next pull takes them; a new
priority is a reorder in the queue (its signed log, the patient's position,
the clinic's webhook), and no event or message carries the doctor's words."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from functools import partial
from typing import Any

import pytest

from services.queue.waiting_list.adapters.collections import ENTRIES, QUEUE_LOG
from shared.runtime import PLATFORM
from tests.factories import random_iin
from tests.integration.notification.conftest import eventually
from tests.integration.queue.support import Replica
from tests.integration.three_services import HOSPITAL, Kezek, running
from tests.unit.referral.factories import referral_body, with_patient


@pytest.fixture
async def kezek(
    aiohttp_client, aiohttp_server, make_settings, amqp_url
) -> AsyncIterator[Kezek]:
    async with running(aiohttp_client, aiohttp_server, make_settings, amqp_url) as it:
        yield it


def referral(kezek: Kezek, test_lasts: int = 60) -> dict[str, Any]:
    """A referral whose one test is valid ``test_lasts`` days from today."""
    today = Replica(kezek.queue.app).today()
    test = {
        "code": "ecg",
        "done_on": (today - timedelta(days=20)).isoformat(),
        "valid_until": (today + timedelta(days=test_lasts)).isoformat(),
    }
    return with_patient(referral_body(tests=[test]), iin=random_iin())


async def edit(kezek: Kezek, made: dict[str, Any], body: dict[str, Any]) -> Any:
    headers = {**kezek.token("doctor", "KZ-75-P01"), "If-Match": '"2"'}
    response = await kezek.referral.patch(
        f"/v1/referrals/{made['id']}", json=body, headers=headers
    )
    answer = await response.json()
    assert response.status == 200, answer
    return answer


async def last_action(kezek: Kezek, made: dict[str, Any], action: str) -> bool:
    return (await kezek.shown(made["id"]))["history"][-1]["action"] == action


async def pull(kezek: Kezek) -> dict[str, Any]:
    tomorrow = Replica(kezek.queue.app).today() + timedelta(days=1)
    body = {"bed_profile": "psychiatry", "date": tomorrow.isoformat(), "count": 1}
    return dict(await kezek.clerk("/v1/admissions/pull", body, HOSPITAL))


async def position(kezek: Kezek, made: dict[str, Any]) -> int | None:
    body = {"code": made["hospitalization_code"], "iin": made["iin"]}
    return (await kezek.call(kezek.queue, "/v1/queue/lookup", body, {}))["position"]


async def test_new_test_dates_let_the_next_pull_take_the_patient(kezek):
    made = await kezek.refer(referral(kezek, test_lasts=0))
    passed_over = await pull(kezek)
    assert passed_over["scheduled"] == []
    assert [s["hospitalization_code"] for s in passed_over["skipped"]] == [
        made["hospitalization_code"]
    ]
    today = Replica(kezek.queue.app).today()
    repeated = {
        "code": "ecg",
        "done_on": today.isoformat(),
        "valid_until": (today + timedelta(days=60)).isoformat(),
    }
    answer = await edit(kezek, made, {"tests": [repeated]})
    assert answer["history"][-1]["changed"] == ["tests"]
    await eventually(partial(last_action, kezek, made, "updated"), 30)
    taken = await pull(kezek)
    assert [s["hospitalization_code"] for s in taken["scheduled"]] == [
        made["hospitalization_code"]
    ]
    await eventually(partial(kezek.status_is, made["id"], "scheduled"), 30)


async def test_a_new_priority_reorders_the_queue_and_is_logged(kezek):
    first, second = [await kezek.refer(referral(kezek)) for _ in range(2)]
    assert [await position(kezek, first), await position(kezek, second)] == [1, 2]
    words = "acute relapse after the change of dose"
    body = {
        "priority": "urgent",
        "priority_reason": words,
        "reason_code": "condition_worsened",
        "note": "seen on the ward round",
    }
    await edit(kezek, second, body)
    await eventually(partial(last_action, kezek, second, "reordered"), 30)
    assert [await position(kezek, second), await position(kezek, first)] == [1, 2]
    db = kezek.queue.app[PLATFORM].db
    entry = await db[ENTRIES].find_one({"referral_id": second["id"]})
    [record] = (
        await db[QUEUE_LOG]
        .find({"record.event_type": "queue.entry_reordered"})
        .to_list(None)
    )
    logged = record["record"]
    assert (logged["entry_id"], logged["reason_code"]) == (
        entry["_id"],
        "condition_worsened",
    )
    assert (logged["order"]["priority"], logged["order"]["seq"]) == (
        "urgent",
        entry["seq"],
    )
    await eventually(partial(webhook_heard, kezek, second), 30)
    await eventually(kezek.everything_published, 30)
    await eventually(kezek.everything_delivered, 30)
    told = kezek.sent()
    assert words not in told and "ward round" not in told
    published = json.dumps(kezek.published, default=str)
    assert words not in published and "ward round" not in published


async def webhook_heard(kezek: Kezek, made: dict[str, Any]) -> bool:
    bodies = [json.loads(r["body"]) for r in kezek.webhooks.requests]
    return any(
        b["type"] == "referral.reordered"
        and b["referral_id"] == made["id"]
        and (b["position"], b["priority"]) == (1, "urgent")
        for b in bodies
    )


async def test_a_withdrawn_consent_reaches_the_notifications(kezek):
    made = await kezek.refer(referral(kezek))
    await edit(kezek, made, {"patient": {"consent": False, "language": "en"}})
    contacts = kezek.notification.app[PLATFORM].db["contacts"]

    async def forgotten() -> bool:
        doc = await contacts.find_one({"_id": made["id"]}) or {}
        return (doc.get("consent"), doc.get("phone"), doc.get("email")) == (
            False,
            None,
            None,
        )

    await eventually(forgotten, 30)
    doc = await contacts.find_one({"_id": made["id"]})
    assert (doc["language"], doc["version"]) == ("en", 3)
