"""The three services together on the real broker: a phone number, an e-mail
address and a diagnosis typed into every note field (and into the priority
reason and a test's note) stay in the service that recorded them. None of it
is in any outbox record, any message published in the test's namespace, or
any webhook, SMS or e-mail; each note is kept where it was written."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
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
from shared.auth import issue_token
from shared.runtime import PLATFORM
from tests.integration.helpers import EventProbe, event_probe
from tests.integration.notification.conftest import eventually
from tests.integration.notification.servers import (
    HttpRecorder,
    SmtpRecorder,
    start_smtp,
)
from tests.integration.queue.support import Replica, make_iin
from tests.unit.referral.factories import referral_body, with_patient

CLINIC, HOSPITAL, ELSEWHERE = "KZ-75-P01", "KZ-75-M01", "KZ-71-M01"
SECRETS = ("Q7Z", "7017770707", "leak.q7z", "F32.1 severe")
"""Parts of every note that cannot occur anywhere by chance."""
QUEUE_NOTES = {"pull", "admit", "discharge", "no-show", "reschedule", "reject"}


def note(where: str) -> str:
    return f"NOTE-Q7Z-{where}: call +77017770707, leak.q7z@example.kz, F32.1 severe"


@dataclass
class Kezek:
    referral: Any
    queue: Any
    notification: Any
    probe: EventProbe
    webhooks: HttpRecorder
    sms: HttpRecorder
    mail: SmtpRecorder
    published: list[dict[str, Any]] = field(default_factory=list)

    def token(self, role: str, facility: str) -> dict[str, str]:
        settings = self.referral.app[PLATFORM].settings
        signed = issue_token(
            settings.jwt_secret,
            role=role,
            facility=facility,
            subject="user-q7",
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
        )
        return {"Authorization": f"Bearer {signed}"}

    async def call(
        self, client: Any, path: str, body: Any, headers: dict[str, str], put=False
    ) -> Any:
        send = client.put if put else client.post
        response = await send(path, json=body, headers=headers)
        answer = await response.json()
        assert response.status in (200, 201), (path, answer)
        return answer

    async def doctor(self, path: str, body: Any) -> Any:
        return await self.call(self.referral, path, body, self.token("doctor", CLINIC))

    async def clerk(self, path: str, body: Any, facility: str = HOSPITAL) -> Any:
        headers = self.token("hospital", facility)
        return await self.call(self.queue, path, body, headers)

    async def refer(self, body: dict[str, Any]) -> dict[str, Any]:
        """A referral, once the queue has placed it (so the next one is later
        in the queue)."""
        made = await self.doctor("/v1/referrals", body)
        await eventually(lambda: self.seen("queue.entry_placed", made["id"]), 30)
        return {**made, "iin": body["patient"]["iin"]}

    async def seen(self, event_type: str, referral_id: str) -> bool:
        self.published += await self.probe.take_waiting()
        return any(
            e["event_type"] == event_type
            and e["data"].get("referral_id") == referral_id
            for e in self.published
        )

    async def outboxes(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for client in (self.referral, self.queue, self.notification):
            found += await client.app[PLATFORM].db["outbox"].find().to_list(None)
        return found

    async def everything_published(self) -> bool:
        """The probe has every event of every outbox (a final state)."""
        self.published += await self.probe.take_waiting()
        emitted = {doc["envelope"]["event_id"] for doc in await self.outboxes()}
        return emitted <= {e["event_id"] for e in self.published}

    async def everything_delivered(self) -> bool:
        deliveries = self.notification.app[PLATFORM].db["deliveries"]
        pending = await deliveries.count_documents({"status": {"$nin": ["sent"]}})
        return pending == 0 and await deliveries.count_documents({}) > 0

    def sent(self) -> str:
        """Every webhook, SMS and e-mail the system sent, as one text."""
        calls = self.webhooks.requests + self.sms.requests
        return "\n".join(
            [r["body"].decode() for r in calls]
            + [m.text + m.html for m in self.mail.mails]
        )


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
    return with_patient(referral_body(**overrides), iin=make_iin())


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
