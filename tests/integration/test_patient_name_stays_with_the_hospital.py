"""The three services on the real broker and store: the patient's name the
doctor typed reaches the receiving hospital's clerks (list, CSV, search,
inpatients) and nothing else. Only the queue's binding hears
``referral.patient_named``; the notification service's never does, and
nothing it stores or sends holds the name; no log line of any service holds
it; no queue event and no patient lookup carries it."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
import structlog

from services.queue.waiting_list.adapters.collections import PATIENT_NAMES
from shared.logging import configure_logging
from shared.messaging.topology import SUBSCRIPTIONS
from shared.runtime import PLATFORM
from tests.factories import random_iin
from tests.integration.helpers import event_probe
from tests.integration.notification.conftest import eventually
from tests.integration.queue.support import Replica
from tests.integration.three_services import HOSPITAL, Kezek, running
from tests.unit.referral.factories import referral_body, with_patient

MARK = "Qzxw"
NAME = f"Жанар {MARK}қызы Әлиева"
WRITTEN = (MARK, json.dumps(NAME)[1:-1], NAME)
"""The name as it is, as a JSON line escapes it, and its mark alone."""


@pytest.fixture
async def kezek(
    aiohttp_client, aiohttp_server, make_settings, namespace, amqp_url
) -> AsyncIterator[Kezek]:
    configure_logging("kezek", "DEBUG")
    try:
        async with running(
            aiohttp_client, aiohttp_server, make_settings, amqp_url
        ) as kz:
            yield kz
    finally:
        structlog.reset_defaults()
        structlog.contextvars.clear_contextvars()
        logging.getLogger().handlers = []


def holds_the_name(text: str) -> bool:
    return any(written in text for written in WRITTEN)


async def the_clerks_see_it(kezek: Kezek, made: dict[str, Any]) -> None:
    found = await kezek.clerk(
        "/v1/entries/search", {"code": made["hospitalization_code"]}
    )
    [entry] = found["entries"]
    assert entry["full_name"] == NAME
    today = Replica(kezek.queue.app).today().isoformat()
    pull = {"bed_profile": "psychiatry", "date": today, "count": 1}
    await kezek.clerk("/v1/admissions/pull", pull)
    headers = kezek.token("hospital", HOSPITAL)
    query = {"bed_profile": "psychiatry", "date": today}
    listed = await (
        await kezek.queue.get("/v1/admissions", params=query, headers=headers)
    ).json()
    assert [r["full_name"] for r in listed["scheduled"]] == [NAME]
    sheet = await kezek.queue.get(
        "/v1/admissions", params={**query, "format": "csv"}, headers=headers
    )
    assert NAME in (await sheet.read()).decode("utf-8-sig")
    await kezek.clerk(f"/v1/entries/{entry['entry_id']}/admit", {})
    ward = await (await kezek.queue.get("/v1/inpatients", headers=headers)).json()
    assert [r["full_name"] for r in ward["inpatients"]] == [NAME]


async def nobody_else_does(kezek: Kezek, made: dict[str, Any]) -> None:
    other = await kezek.clerk(
        "/v1/entries/search",
        {"code": made["hospitalization_code"]},
        facility="KZ-71-M01",
    )
    assert other["entries"] == []
    lookup = {"code": made["hospitalization_code"], "iin": made["iin"]}
    answer = await kezek.queue.post("/v1/queue/lookup", json=lookup)
    assert answer.status == 200
    assert not holds_the_name(await answer.text())


async def the_outbox_lets_it_go_as_any_event(kezek: Kezek, event_id: str) -> None:
    """Published, the record expires after MESSAGE_RETENTION_DAYS (MongoDB's
    TTL index prunes it), as every published record does."""
    platform = kezek.referral.app[PLATFORM]
    record = await platform.db["outbox"].find_one({"envelope.event_id": event_id})
    retention = timedelta(days=platform.settings.message_retention_days)
    assert record["expires_at"] == record["published_at"] + retention


async def test_the_name_reaches_the_hospital_and_nothing_else(
    kezek, namespace, amqp_url, capsys
):
    as_notification = event_probe(amqp_url, namespace, SUBSCRIPTIONS["notification"])
    as_queue = event_probe(amqp_url, namespace, SUBSCRIPTIONS["queue"])
    async with as_notification as notification_hears, as_queue as queue_hears:
        body = with_patient(referral_body(), iin=random_iin(), full_name=NAME)
        made = await kezek.refer(body)
        names = kezek.queue.app[PLATFORM].db[PATIENT_NAMES]
        await eventually(lambda: names.find_one({"_id": made["id"]}), 30)
        await the_clerks_see_it(kezek, made)
        await nobody_else_does(kezek, made)
        await eventually(kezek.everything_published, 30)
        await eventually(kezek.everything_delivered, 30)
        to_notification = await notification_hears.take_waiting()
        to_queue = await queue_hears.take_waiting()

    assert "referral.registered" in {e["event_type"] for e in to_notification}
    assert not holds_the_name(json.dumps(to_notification))
    [named] = [e for e in to_queue if e["event_type"] == "referral.patient_named"]
    assert named["data"] == {"referral_id": made["id"], "version": 1, "full_name": NAME}
    others = [e for e in kezek.published if e["event_id"] != named["event_id"]]
    assert others and not holds_the_name(json.dumps(others))
    assert not holds_the_name(kezek.sent())
    stored = await kezek.notification.app[PLATFORM].db.list_collection_names()
    for collection in stored:
        found = (
            await kezek.notification.app[PLATFORM].db[collection].find().to_list(None)
        )
        assert not holds_the_name(json.dumps(found, default=str)), collection
    await the_outbox_lets_it_go_as_any_event(kezek, named["event_id"])
    logged = capsys.readouterr().out
    assert "event_handled" in logged  # the services' lines were captured
    assert not holds_the_name(logged)
