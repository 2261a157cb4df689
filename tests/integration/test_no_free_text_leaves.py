"""The three services together on the real broker: a phone number, an e-mail
address and a diagnosis typed into every note field (and into the priority
reason and a test's note) stay in the service that recorded them. None of it
is in any outbox record, any message published in the test's namespace, or
any webhook, SMS or e-mail; each note is kept where it was written."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest

from services.notification.bootstrap import init_app as notification_app
from services.notification.settings import NotificationSettings
from services.queue.bootstrap import init_app as queue_app
from services.queue.settings import QueueSettings
from services.queue.waiting_list.adapters.collections import NOTES
from services.referral.bootstrap import init_app as referral_app
from services.referral.settings import ReferralSettings
from shared.runtime import PLATFORM
from tests.factories import random_iin
from tests.integration.helpers import event_probe
from tests.integration.notification.conftest import eventually
from tests.integration.notification.servers import (
    HttpRecorder,
    SmtpRecorder,
    start_smtp,
)
from tests.integration.queue.support import Replica
from tests.integration.three_services import CLINIC, Kezek
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
    mail = SmtpRecorder()
    smtp, smtp_port = await start_smtp(mail)
    sms, webhooks = HttpRecorder(), HttpRecorder()
    sms_url = str((await aiohttp_server(sms.app())).make_url("/sms"))
    notifying = make_settings(
        NotificationSettings,
        sms_gateway_url=sms_url,
        smtp_host="127.0.0.1",
        smtp_port=smtp_port,
        quiet_hours="",
        dispatch_interval_s=0.1,
        status_page_url="https://kezek.test/status",
        webhook_allow_local=True,
    )
    async with event_probe(amqp_url, namespace) as probe:
        system = Kezek(
            referral=await aiohttp_client(
                referral_app(make_settings(ReferralSettings))
            ),
            queue=await aiohttp_client(queue_app(make_settings(QueueSettings))),
            notification=await aiohttp_client(notification_app(notifying)),
            probe=probe,
            webhooks=webhooks,
            sms=sms,
            mail=mail,
        )
        hooks = str((await aiohttp_server(webhooks.app())).make_url("/hooks"))
        path = f"/v1/facilities/{CLINIC}/webhook"
        doctor = system.token("doctor", CLINIC)
        await system.call(system.notification, path, {"url": hooks}, doctor, put=True)
        yield system
    smtp.close()


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
    await eventually(lambda: len(kezek.webhooks.requests) >= 3, 30)
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
    assert hooks == ["referral.admitted", "referral.closed", "referral.rejected"]
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


async def _equal(awaitable: Any, expected: Any) -> bool:
    return (await awaitable) == expected
