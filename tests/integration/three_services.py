"""The referral, queue and notification services side by side in one test,
with the broker probe and the SMS, e-mail and webhook recorders beside them:
calls as a doctor or a clerk, and what the system published and sent."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from services.notification.bootstrap import init_app as notification_app
from services.notification.settings import NotificationSettings
from services.queue.bootstrap import init_app as queue_app
from services.queue.settings import QueueSettings
from services.referral.bootstrap import init_app as referral_app
from services.referral.settings import ReferralSettings
from shared.clock import Clock, utc_now
from shared.runtime import PLATFORM
from tests.factories import bearer
from tests.integration.helpers import EventProbe, event_probe
from tests.integration.notification.conftest import eventually
from tests.integration.notification.servers import (
    HttpRecorder,
    SmtpRecorder,
    start_smtp,
)

CLINIC, HOSPITAL = "KZ-75-P01", "KZ-75-M01"


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
        return bearer(settings, role, facility, "user-q7")

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

    async def ask(self, referral_id: str, action: str, body: Any) -> Any:
        """The doctor's reinstatement or renewal: accepted for the queue."""
        path = f"/v1/referrals/{referral_id}/{action}"
        headers = self.token("doctor", CLINIC)
        response = await self.referral.post(path, json=body, headers=headers)
        answer = await response.json()
        assert response.status == 202, (path, answer)
        return answer

    async def shown(self, referral_id: str) -> dict[str, Any]:
        """The referral as its doctor sees it."""
        headers = self.token("doctor", CLINIC)
        response = await self.referral.get(
            f"/v1/referrals/{referral_id}", headers=headers
        )
        return dict(await response.json())

    async def clerk(self, path: str, body: Any, facility: str = HOSPITAL) -> Any:
        headers = self.token("hospital", facility)
        return await self.call(self.queue, path, body, headers)

    async def refer(self, body: dict[str, Any]) -> dict[str, Any]:
        """A referral, once the queue has placed it (so the next one is later
        in the queue) and the referral service has heard so (so a doctor's
        request finds it waiting)."""
        made = await self.doctor("/v1/referrals", body)
        await eventually(lambda: self.seen("queue.entry_placed", made["id"]), 30)
        await eventually(lambda: self.status_is(made["id"], "waiting"), 30)
        return {**made, "iin": body["patient"]["iin"]}

    async def status_is(self, referral_id: str, status: str) -> bool:
        return (await self.shown(referral_id)).get("status") == status

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
        """Every message sent, or replaced by a later one before it went."""
        deliveries = self.notification.app[PLATFORM].db["deliveries"]
        unfinished = {"$nin": ["sent", "superseded"]}
        pending = await deliveries.count_documents({"status": unfinished})
        return pending == 0 and await deliveries.count_documents({}) > 0

    def sent(self) -> str:
        """Every webhook, SMS and e-mail the system sent, as one text."""
        calls = self.webhooks.requests + self.sms.requests
        return "\n".join(
            [r["body"].decode() for r in calls]
            + [m.text + m.html for m in self.mail.mails]
        )


def notification_settings(
    make_settings: Any, sms_url: str, smtp_port: int
) -> NotificationSettings:
    """Sending at once (no quiet hours) to the recorders, local webhooks
    allowed."""
    return make_settings(
        NotificationSettings,
        sms_gateway_url=sms_url,
        smtp_host="127.0.0.1",
        smtp_port=smtp_port,
        quiet_hours="",
        dispatch_interval_s=0.1,
        status_page_url="https://kezek.test/status",
        webhook_allow_local=True,
    )


@asynccontextmanager
async def running(
    aiohttp_client: Any,
    aiohttp_server: Any,
    make_settings: Any,
    amqp_url: str,
    queue_clock: Clock = utc_now,
    queue_settings: Mapping[str, Any] | None = None,
) -> AsyncIterator[Kezek]:
    """The three services on the test's namespace, with SMS, mail and
    webhook recorders (the clinic's webhook registered), the queue on
    ``queue_clock`` with ``queue_settings`` (``max_wait_days=...``)."""
    mail = SmtpRecorder()
    smtp, smtp_port = await start_smtp(mail)
    sms, webhooks = HttpRecorder(), HttpRecorder()
    sms_url = str((await aiohttp_server(sms.app())).make_url("/sms"))
    notifying = notification_settings(make_settings, sms_url, smtp_port)
    settings = make_settings(ReferralSettings)
    async with event_probe(amqp_url, settings.kezek_namespace) as probe:
        system = Kezek(
            referral=await aiohttp_client(referral_app(settings)),
            queue=await aiohttp_client(
                queue_app(
                    make_settings(QueueSettings, **(queue_settings or {})),
                    queue_clock,
                )
            ),
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
