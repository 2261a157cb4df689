"""The doctor's move of a waiting referral to another hospital, across the
three services on the real broker and store: the referral service answers
202 and asks through its outbox; the queue moves the entry in one
transaction (a record in both queues' signed logs) or refuses; the referral
then names the new hospital; the new hospital's clerks see the patient at
the place the registration time gives (with the name), the old one's no
longer; the patient's lookup shows the new hospital; the patient and the
clinic's webhook are told."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from functools import partial
from typing import Any

import pytest

from services.queue.waiting_list.adapters.collections import ENTRIES
from shared.reference.registry import default_registry
from shared.runtime import PLATFORM
from tests.factories import random_iin
from tests.integration.notification.conftest import eventually
from tests.integration.queue.support import Replica
from tests.integration.three_services import HOSPITAL, Kezek, running
from tests.queue_builders import Clock
from tests.unit.referral.factories import referral_body, with_patient

ELSEWHERE = "KZ-71-M01"
NAME = "Айгүл Серікқызы Әлиева"
NOTE = "the family lives in Astana now"


@pytest.fixture
async def kezek(
    aiohttp_client, aiohttp_server, make_settings, amqp_url
) -> AsyncIterator[Kezek]:
    queue_clock = Clock(datetime.now(UTC))
    async with running(
        aiohttp_client, aiohttp_server, make_settings, amqp_url, queue_clock
    ) as system:
        yield system


def referral(**overrides: Any) -> dict[str, Any]:
    return with_patient(referral_body(**overrides), iin=random_iin())


async def last_action(kezek: Kezek, made: dict[str, Any], action: str) -> bool:
    return (await kezek.shown(made["id"]))["history"][-1]["action"] == action


async def waiting_codes(kezek: Kezek, facility: str) -> list[str]:
    """The head of the hospital's psychiatry queue, as its clerks list it."""
    headers = kezek.token("hospital", facility)
    query = {"bed_profile": "psychiatry", "head": "20"}
    response = await kezek.queue.get("/v1/admissions", params=query, headers=headers)
    listed = await response.json()
    return [row["hospitalization_code"] for row in listed["waiting"]["head"]]


async def found_at(kezek: Kezek, made: dict[str, Any], facility: str) -> list:
    body = {"iin": made["iin"]}
    found = await kezek.clerk("/v1/entries/search", body, facility=facility)
    return list(found["entries"])


async def log_of(kezek: Kezek, facility: str) -> dict[str, Any]:
    headers = kezek.token("admin", facility)
    path = f"/v1/queues/{facility}:psychiatry/log"
    response = await kezek.queue.get(path, params={"limit": "50"}, headers=headers)
    assert response.status == 200
    return dict(await response.json())


async def both_logs_hold_the_move(kezek: Kezek, made: dict[str, Any]) -> None:
    out_of, into = await log_of(kezek, HOSPITAL), await log_of(kezek, ELSEWHERE)
    for page in (out_of, into):
        assert page["verification"]["intact"] is True
        assert page["verification"]["checked"] == page["length"]
    moves = [
        (r["record"]["details"]["direction"], r["record"]["referral_id"])
        for page in (out_of, into)
        for r in page["records"]
        if r["record"]["event_type"] == "queue.entry_moved"
    ]
    assert moves == [("out", made["id"]), ("in", made["id"])]
    assert NOTE not in json.dumps([out_of, into], ensure_ascii=False)


async def the_patient_sees_the_new_hospital(kezek: Kezek, made: dict) -> None:
    lookup = {"code": made["hospitalization_code"], "iin": made["iin"]}
    answer = await kezek.call(kezek.queue, "/v1/queue/lookup", lookup, {})
    assert answer["position"] == 2
    names = default_registry().get(ELSEWHERE).names.values()
    assert answer["hospital"]["name"] in names


def hooks(kezek: Kezek, made: dict[str, Any]) -> list[dict[str, Any]]:
    bodies = [json.loads(r["body"]) for r in kezek.webhooks.requests]
    return [b for b in bodies if b["referral_id"] == made["id"]]


async def the_clinic_is_told(kezek: Kezek, made: dict[str, Any]) -> None:
    def moved() -> list[dict[str, Any]]:
        return [h for h in hooks(kezek, made) if h["type"] == "referral.moved"]

    await eventually(lambda: len(moved()) == 1, 30)
    [hook] = moved()
    assert (hook["hospital_id"], hook["from_facility_id"]) == (ELSEWHERE, HOSPITAL)
    assert (hook["position"], hook["queue_length"], hook["reason_code"]) == (
        2,
        3,
        "closer_to_home",
    )


async def test_a_referral_moves_keeping_its_registration_time(kezek):
    early = await kezek.refer(referral(facility_id=ELSEWHERE))
    moving = await kezek.refer(
        with_patient(referral_body(), iin=random_iin(), full_name=NAME)
    )
    late = await kezek.refer(referral(facility_id=ELSEWHERE))
    stays = await kezek.refer(referral())
    body = {"facility_id": ELSEWHERE, "reason_code": "closer_to_home", "note": NOTE}
    answer = await kezek.ask(moving["id"], "move", body)
    assert (answer["pending"]["kind"], answer["pending"]["to_facility_id"]) == (
        "move",
        ELSEWHERE,
    )
    await eventually(partial(last_action, kezek, moving, "moved"), 30)
    shown = await kezek.shown(moving["id"])
    assert (shown["facility_id"], shown["status"], shown["pending"]) == (
        ELSEWHERE,
        "waiting",
        None,
    )
    in_order = [m["hospitalization_code"] for m in (early, moving, late)]
    assert await waiting_codes(kezek, ELSEWHERE) == in_order
    assert await waiting_codes(kezek, HOSPITAL) == [stays["hospitalization_code"]]
    [there] = await found_at(kezek, moving, ELSEWHERE)
    assert (there["full_name"], there["position"]) == (NAME, 2)
    assert await found_at(kezek, moving, HOSPITAL) == []
    await the_patient_sees_the_new_hospital(kezek, moving)
    await both_logs_hold_the_move(kezek, moving)
    await the_clinic_is_told(kezek, moving)
    await eventually(lambda: "басқа аурухананың кезегіне" in kezek.sent(), 30)
    assert NOTE not in kezek.sent()


async def test_a_move_the_queue_cannot_carry_out_comes_back_refused(kezek):
    """The hospital books the patient's admission before the referral
    service hears of it (its consumer held): the doctor's move, accepted on
    the referral's copy, is refused by the queue, and the referral stays."""
    made = await kezek.refer(referral())
    consumer = kezek.referral.app[PLATFORM].consumer
    assert consumer is not None
    today = Replica(kezek.queue.app).today().isoformat()
    async with consumer._one_at_a_time:  # the referral service hears nothing
        pull = {"bed_profile": "psychiatry", "date": today, "count": 1}
        await kezek.clerk("/v1/admissions/pull", pull)
        body = {"facility_id": ELSEWHERE, "reason_code": "shorter_wait"}
        assert (await kezek.ask(made["id"], "move", body))["status"] == "waiting"
    await eventually(partial(last_action, kezek, made, "move_refused"), 30)
    after = await kezek.shown(made["id"])
    assert (after["status"], after["facility_id"], after["pending"]) == (
        "scheduled",
        HOSPITAL,
        None,
    )
    assert after["history"][-1]["reason_code"] == "not_waiting"
    entries = kezek.queue.app[PLATFORM].db[ENTRIES]
    entry = await entries.find_one({"referral_id": made["id"]})
    assert (entry["facility_id"], entry["status"]) == (HOSPITAL, "scheduled")
    await eventually(lambda: any("request" in h for h in hooks(kezek, made)), 30)
    [refused] = [h for h in hooks(kezek, made) if "request" in h]
    assert (refused["request"], refused["reason_code"]) == ("move", "not_waiting")
