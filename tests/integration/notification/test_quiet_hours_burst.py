"""The end of quiet hours on the real broker and store: a night of changes to
one referral brings the local SMS sink (`kezek up`'s) one SMS with its
current state, not a burst, and the mail sink each change as it came; the
replaced SMS are listed as superseded. Two replicas telling of one referral
at once still leave one message."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import aiohttp
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from services.notification.adapters.mongo_repositories import MongoContacts
from services.notification.adapters.mongo_unit_of_work import mongo_change
from services.notification.bootstrap import init_app
from services.notification.entrypoints.views import BUS
from services.notification.service_layer.messagebus import MessageBus
from services.notification.service_layer.unit_of_work import NotificationChange
from shared.mongo import Document
from shared.runtime import PLATFORM
from tests.integration.notification.conftest import (
    deliveries_of,
    eventually,
    queue_event,
    registered,
    token,
)
from tests.integration.notification.servers import (
    FakeStack,
    local_sinks,
    sink_settings,
)
from tests.queue_builders import Clock

NIGHT = datetime(2026, 11, 2, 18, 0, tzinfo=UTC)  # 23:00 in Almaty
MORNING = datetime(2026, 11, 3, 3, 0, tzinfo=UTC)  # 08:00 in Almaty
PHONE, EMAIL = "+77015550101", "night@example.kz"
SCHEDULED = {"version": 2, "status": "scheduled", "scheduled_date": date(2026, 11, 9)}
CANCELLED = {"version": 3, "status": "cancelled", "reason_code": "patient_request"}
NIGHT_OF_CHANGES = (
    ("queue.entry_placed", {}),
    ("queue.position_milestone", {}),
    ("queue.admission_scheduled", SCHEDULED),
    ("queue.entry_cancelled", CANCELLED),
)


async def a_night_of_changes(client: Any, clock: Clock) -> str:
    """Each change published a quarter of an hour after the one before,
    once the one before is recorded."""
    publisher = client.app[PLATFORM].publisher
    referral = registered(language="en", phone=PHONE, email=EMAIL)
    rid = str(referral.data["referral_id"])
    await publisher.publish(referral)
    for told, (event_type, data) in enumerate(NIGHT_OF_CHANGES, start=1):
        clock.advance(minutes=15)
        await publisher.publish(queue_event(event_type, rid, **data))

        async def recorded(count: int = 2 * told) -> bool:
            return len(await deliveries_of(client.app, rid)) == count

        await eventually(recorded)
    return rid


async def received(stack: FakeStack, what: str) -> list[dict[str, Any]]:
    """What the local SMS sink (``sms``) or mail sink (``mail``) received
    for the patient."""
    url = stack.env["SMS_GATEWAY_URL"].replace("/sms", f"/{what}")
    async with aiohttp.ClientSession() as session, session.get(url) as answer:
        records = await answer.json()
    if what == "sms":
        return [r for r in records if r["payload"]["to"] == PHONE]
    return [r for r in records if r["to"] == [EMAIL]]


async def sms_listed(client: Any, settings: Any, rid: str) -> list[dict[str, Any]]:
    answer = await client.get(
        "/v1/notifications",
        params={"referral_id": rid},
        headers=token(settings, "doctor"),
    )
    deliveries = (await answer.json())["deliveries"]
    return [d for d in deliveries if d["channel"] == "sms"]


async def test_a_night_of_changes_brings_one_sms_in_the_morning(
    tmp_path, aiohttp_client, make_settings
):
    with local_sinks(tmp_path) as stack:
        settings = replace(
            sink_settings(make_settings, stack), quiet_hours="22:00-08:00"
        )
        clock = Clock(NIGHT)
        client = await aiohttp_client(init_app(settings, clock=clock))
        rid = await a_night_of_changes(client, clock)
        await eventually(lambda: _count(received(stack, "mail"), 4))
        sms = await sms_listed(client, settings, rid)
        assert [d["status"] for d in sms] == ["superseded"] * 3 + ["pending"]
        assert [d["superseded_by"] for d in sms] == [
            *(d["delivery_id"] for d in sms[1:]),
            None,
        ]
        assert await received(stack, "sms") == []

        clock.now = MORNING
        await eventually(lambda: _final(client.app, rid))
        [morning] = await received(stack, "sms")
        assert "has been cancelled" in morning["payload"]["text"]
        assert "waiting list" not in morning["payload"]["text"]


async def _count(records: Awaitable[list[Any]], expected: int) -> bool:
    return len(await records) == expected


async def _final(app: Any, rid: str) -> bool:
    records = await deliveries_of(app, rid)
    return all(r["status"] in ("sent", "superseded") for r in records)


class Meeting:
    """Lets the first two units of work that read a referral's version wait
    for each other there, so that they run side by side."""

    def __init__(self) -> None:
        self.arrived = 0
        self.together = asyncio.Event()

    async def wait(self) -> None:
        if self.arrived < 2:
            self.arrived += 1
            if self.arrived == 2:
                self.together.set()
            await asyncio.wait_for(self.together.wait(), timeout=10)

    def change(
        self, db: AsyncDatabase[Document], session: AsyncClientSession | None
    ) -> NotificationChange:
        change = mongo_change(db, session)
        change.contacts = MeetingContacts(db, session, self)
        return change


class MeetingContacts(MongoContacts):
    def __init__(
        self,
        db: AsyncDatabase[Document],
        session: AsyncClientSession | None,
        meeting: Meeting,
    ):
        super().__init__(db, session)
        self._meeting = meeting

    async def queue_version(self, referral_id: str) -> int:
        await self._meeting.wait()
        return await super().queue_version(referral_id)


async def test_two_replicas_telling_of_one_referral_at_once_leave_one_message(
    aiohttp_client, notification_settings, gateway
):
    settings = notification_settings(quiet_hours="22:00-08:00", smtp_host="")
    clock = Clock(NIGHT - timedelta(hours=6))
    client = await aiohttp_client(init_app(settings, clock=clock))
    bus = client.app[BUS]
    referral = registered(language="en", phone=PHONE, email=None)
    rid = str(referral.data["referral_id"])
    await bus.handle_event(referral)
    await bus.handle_event(queue_event("queue.entry_placed", rid))
    await eventually(lambda: gateway[0].sms_to(PHONE))
    clock.now = NIGHT
    meeting = Meeting()
    replicas = [
        MessageBus(replace(bus.deps, uow=bus.deps.uow.with_change(meeting.change)))
        for _ in range(2)
    ]
    reminder = queue_event(
        "queue.expiry_approaching", rid, valid_until=date(2026, 11, 20)
    )
    milestone = queue_event("queue.position_milestone", rid)
    await asyncio.gather(
        replicas[0].handle_event(reminder), replicas[1].handle_event(milestone)
    )
    assert meeting.arrived == 2
    records = await deliveries_of(client.app, rid)
    at_night = [r["status"] for r in records if r["created_at"] == NIGHT]
    assert sorted(at_night) == ["pending", "superseded"]
    assert len(gateway[0].sms_to(PHONE)) == 1
