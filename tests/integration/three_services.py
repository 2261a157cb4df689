"""The referral, queue and notification services side by side in one test,
with the broker probe and the SMS, e-mail and webhook recorders beside them:
calls as a doctor or a clerk, and what the system published and sent."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shared.runtime import PLATFORM
from tests.factories import bearer
from tests.integration.helpers import EventProbe
from tests.integration.notification.conftest import eventually
from tests.integration.notification.servers import HttpRecorder, SmtpRecorder

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
