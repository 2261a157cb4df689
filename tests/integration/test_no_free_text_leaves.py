"""The three services together on the real broker: a phone number, an e-mail
address and a diagnosis typed into every note field (and into the priority
reason and a test's note, at registration and in the doctor's edit) stay in
the service that recorded them. None of it is in any outbox record, any
message published in the test's namespace, or any webhook, SMS or e-mail;
each note is kept where it was written."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from functools import partial
from typing import Any

import pytest

from services.queue.waiting_list.adapters.collections import NOTES
from shared.runtime import PLATFORM
from tests.factories import random_iin
from tests.integration.notification.conftest import eventually
from tests.integration.queue.support import Replica
from tests.integration.three_services import CLINIC, Kezek, running
from tests.unit.referral.factories import referral_body, with_patient

ELSEWHERE = "KZ-71-M01"
SECRETS = ("Q7Z", "7017770707", "leak.q7z", "F32.1 severe")
"""Parts of every note that cannot occur anywhere by chance."""
QUEUE_NOTES = {"pull", "admit", "discharge", "no-show", "reschedule", "reject"}


def note(where: str) -> str:
    return f"NOTE-Q7Z-{where}: call +77017770707, leak.q7z@example.kz, F32.1 severe"


@pytest.fixture
async def kezek(
    aiohttp_client, aiohttp_server, make_settings, namespace, amqp_url
) -> AsyncIterator[Kezek]:
    async with running(aiohttp_client, aiohttp_server, make_settings, amqp_url) as kz:
        yield kz


def referral(**overrides: Any) -> dict[str, Any]:
    return with_patient(referral_body(**overrides), iin=random_iin())


async def refer_five(kezek: Kezek) -> list[dict[str, Any]]:
    """An urgent referral whose reason and test note hold the secrets, and
    four planned ones behind it."""
    urgent = referral(priority="urgent", priority_reason=note("priority"))
    urgent["tests"].append(
        {**urgent["tests"][0], "code": "other", "note": note("test")}
    )
    return [await kezek.refer(urgent)] + [await kezek.refer(referral()) for _ in "1234"]


async def work_the_queue(kezek: Kezek, line: list[dict[str, Any]]) -> None:
    """Every action that takes a note, each with one; then an emergency
    elsewhere closes the entry that missed its day."""
    urgent, missed, rejected, leaving, withdrawn = line
    today = Replica(kezek.queue.app).today()
    pull = {"bed_profile": "psychiatry", "date": today.isoformat(), "count": 3}
    pull |= {"override_reason_code": "extra_bed", "note": note("pull")}
    pulled = await kezek.clerk("/v1/admissions/pull", pull)
    entry = {r["hospitalization_code"]: r["entry_id"] for r in pulled["scheduled"]}

    def at(made: dict[str, Any], action: str) -> str:
        return f"/v1/entries/{entry[made['hospitalization_code']]}/{action}"

    await kezek.clerk(at(urgent, "admit"), {"note": note("admit")})
    await kezek.clerk(at(urgent, "discharge"), {"note": note("discharge")})
    await kezek.clerk(at(missed, "no-show"), {"note": note("no-show")})
    later = {"date": (today + timedelta(days=1)).isoformat(), "reason_code": "other"}
    await kezek.clerk(at(rejected, "reschedule"), later | {"note": note("reschedule")})
    await kezek.clerk(
        at(rejected, "reject"), {"reason_code": "other"} | {"note": note("reject")}
    )
    leave = {"code": leaving["hospitalization_code"], "iin": leaving["iin"]}
    leave |= {"reason_code": "other", "note": note("patient")}
    await kezek.call(kezek.queue, "/v1/queue/cancel", leave, {})
    cancel = {"reason_code": "other", "note": note("doctor")}
    await kezek.doctor(f"/v1/referrals/{withdrawn['id']}/cancel", cancel)
    emergency = {
        "iin": missed["iin"],
        "bed_profile": "psychiatry",
        "diagnosis": "F20.0",
    }
    await kezek.clerk("/v1/emergency-admissions", emergency, facility=ELSEWHERE)


HOOKS = sorted(
    ["referral.placed"] * 5
    + ["referral.scheduled"] * 4
    + ["referral.admitted", "referral.discharged", "referral.no_show"]
    + ["referral.rejected", "referral.closed", "referral.closed"]
    + ["referral.reinstated", "referral.renewed", "referral.reordered"]
)
"""Every change the referring clinic hears of (not its doctor's own
cancellation), each once."""


async def restore_and_renew(kezek: Kezek, leaving: dict[str, Any]) -> None:
    """The doctor brings back the referral its patient cancelled, then
    extends it, each with a note."""
    today = Replica(kezek.queue.app).today()
    for action, days, done in [
        ("reinstate", 60, "reinstated"),
        ("renew", 80, "renewed"),
    ]:
        until = (today + timedelta(days=days)).isoformat()
        body = {"reason_code": "other", "note": note(action), "valid_until": until}
        await kezek.ask(leaving["id"], action, body)
        await eventually(partial(_did, kezek, leaving, done), 30)


async def edit_with_words(kezek: Kezek, made: dict[str, Any]) -> None:
    """The doctor then edits it: a new priority with its reason, a new test
    with its note, and the edit's own note."""
    today = Replica(kezek.queue.app).today()
    test = {
        "code": "other",
        "note": note("edit-test"),
        "done_on": today.isoformat(),
        "valid_until": (today + timedelta(days=60)).isoformat(),
    }
    body = {
        "tests": [test],
        "priority": "urgent",
        "priority_reason": note("edit-priority"),
        "reason_code": "other",
        "note": note("edit"),
    }
    response = await kezek.referral.patch(
        f"/v1/referrals/{made['id']}", json=body, headers=kezek.token("doctor", CLINIC)
    )
    assert response.status == 200, await response.text()
    await eventually(partial(_did, kezek, made, "reordered"), 30)


async def _did(kezek: Kezek, made: dict[str, Any], action: str) -> bool:
    history = (await kezek.shown(made["id"]))["history"]
    return history[-1]["action"] == action


async def statuses(kezek: Kezek, line: list[dict[str, Any]]) -> list[str]:
    shown = []
    for made in line:
        response = await kezek.referral.get(
            f"/v1/referrals/{made['id']}", headers=kezek.token("doctor", CLINIC)
        )
        shown.append((await response.json())["status"])
    return shown


async def test_no_note_leaves_the_service_that_recorded_it(kezek):
    line = await refer_five(kezek)
    await work_the_queue(kezek, line)

    final = ["discharged", "cancelled", "rejected", "cancelled", "cancelled"]
    await eventually(lambda: _equal(statuses(kezek, line), final), 30)
    await restore_and_renew(kezek, line[3])
    await edit_with_words(kezek, line[3])
    await eventually(lambda: len(kezek.webhooks.requests) >= len(HOOKS), 30)
    await eventually(kezek.everything_published, 30)
    await eventually(kezek.everything_delivered, 30)

    outboxes = json.dumps(await kezek.outboxes(), default=str)
    published = json.dumps(kezek.published)
    sent = kezek.sent()
    for secret in SECRETS:
        assert secret not in outboxes, secret
        assert secret not in published, secret
        assert secret not in sent, secret
    hooks = sorted(json.loads(r["body"])["type"] for r in kezek.webhooks.requests)
    assert hooks == HOOKS
    await notes_stayed_where_they_were_written(kezek, line)


async def notes_stayed_where_they_were_written(kezek: Kezek, line: list) -> None:
    """A leak test that loses the notes would prove nothing: each is here."""
    kept = await kezek.queue.app[PLATFORM].db[NOTES].find().to_list(None)
    assert {n["note"] for n in kept} == {note(w) for w in {*QUEUE_NOTES, "patient"}}
    doctor = kezek.token("doctor", CLINIC)
    urgent = await (
        await kezek.referral.get(f"/v1/referrals/{line[0]['id']}", headers=doctor)
    ).json()
    assert urgent["priority_reason"] == note("priority")
    assert urgent["tests"][-1]["note"] == note("test")
    withdrawn = await (
        await kezek.referral.get(f"/v1/referrals/{line[4]['id']}", headers=doctor)
    ).json()
    assert withdrawn["history"][-1]["note"] == note("doctor")
    restored = await kezek.shown(line[3]["id"])
    asked = {h["action"]: h["note"] for h in restored["history"] if h["note"]}
    assert asked == {
        "reinstatement_requested": note("reinstate"),
        "renewal_requested": note("renew"),
        "edited": note("edit"),
    }
    assert (restored["priority_reason"], restored["tests"][0]["note"]) == (
        note("edit-priority"),
        note("edit-test"),
    )


async def _equal(awaitable: Any, expected: Any) -> bool:
    return (await awaitable) == expected
