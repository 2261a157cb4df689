"""Quiet hours, consent, and queue events that overtake the registration."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from services.notification.bootstrap import DISPATCHER, init_app
from shared.contracts import new_event
from shared.runtime import PLATFORM
from tests.integration.notification.conftest import (
    deliveries_of,
    eventually,
    queue_event,
    registered,
)

ALMATY = ZoneInfo("Asia/Almaty")


class SettableClock:
    def __init__(self, moment: datetime):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment.astimezone(UTC)


async def test_sms_wait_for_the_morning_while_email_goes_at_once(
    aiohttp_client, notification_settings, smtp, gateway
):
    clock = SettableClock(datetime(2025, 3, 3, 23, 15, tzinfo=ALMATY))
    settings = notification_settings(quiet_hours="22:00-08:00")
    client = await aiohttp_client(init_app(settings, clock=clock))
    publisher = client.app[PLATFORM].publisher
    referral = registered()
    rid = referral.data["referral_id"]
    await publisher.publish(referral)
    await publisher.publish(queue_event("queue.admission_scheduled", rid))
    await eventually(lambda: smtp[0].mails)
    dispatcher = client.app[DISPATCHER]
    assert await dispatcher.dispatch_due() == 0
    sms = [r for r in await deliveries_of(client.app, rid) if r["channel"] == "sms"]
    assert sms[0]["status"] == "pending"
    morning = datetime(2025, 3, 4, 8, 0, tzinfo=ALMATY)
    assert sms[0]["next_attempt_at"] == morning
    assert gateway[0].requests == []

    clock.moment = datetime(2025, 3, 4, 7, 59, tzinfo=ALMATY)
    assert await dispatcher.dispatch_due() == 0
    clock.moment = morning
    await eventually(lambda: gateway[0].requests)
    assert len(gateway[0].requests) == 1
    assert len(smtp[0].mails) == 1


async def test_without_consent_nothing_is_sent_and_no_contact_is_kept(
    aiohttp_client, notification_settings, smtp, gateway
):
    client = await aiohttp_client(init_app(notification_settings()))
    publisher = client.app[PLATFORM].publisher
    silent, told = registered(consent=False), registered(email="told@example.kz")
    for referral in (silent, told):
        rid = referral.data["referral_id"]
        await publisher.publish(referral)
        await publisher.publish(queue_event("queue.entry_placed", rid))
    await eventually(lambda: smtp[0].mails and gateway[0].requests)
    contact = (
        await client.app[PLATFORM]
        .db["contacts"]
        .find_one({"_id": silent.data["referral_id"]})
    )
    assert contact is not None
    assert (contact["consent"], contact["phone"], contact["email"]) == (
        False,
        None,
        None,
    )
    assert await deliveries_of(client.app, silent.data["referral_id"]) == []
    assert [m.recipients for m in smtp[0].mails] == [["told@example.kz"]]
    assert len(gateway[0].requests) == 1


async def test_a_queue_event_that_arrives_before_the_registration_is_sent_later(
    aiohttp_client, notification_settings, smtp, gateway
):
    client = await aiohttp_client(init_app(notification_settings()))
    publisher = client.app[PLATFORM].publisher
    referral = registered(language="en")
    rid = referral.data["referral_id"]
    await publisher.publish(queue_event("queue.entry_placed", rid))
    await asyncio.sleep(0.2)
    await publisher.publish(referral)
    await eventually(lambda: smtp[0].mails and gateway[0].requests)
    assert "waiting list" in gateway[0].requests[0]["json"]["text"]
    records = await deliveries_of(client.app, rid)
    assert sorted(r["channel"] for r in records) == ["email", "sms"]


async def test_an_event_older_than_one_already_handled_is_not_sent(
    aiohttp_client, notification_settings, smtp
):
    settings = notification_settings(sms_gateway_url="")
    client = await aiohttp_client(init_app(settings))
    publisher = client.app[PLATFORM].publisher
    referral = registered()
    rid = referral.data["referral_id"]
    await publisher.publish(referral)
    await publisher.publish(queue_event("queue.admission_scheduled", rid, version=3))
    await publisher.publish(queue_event("queue.entry_placed", rid, version=2))
    await publisher.publish(queue_event("queue.patient_admitted", rid, version=4))
    records = await eventually(lambda: _when_count(deliveries_of(client.app, rid), 2))
    assert [r["event_type"] for r in records] == [
        "queue.admission_scheduled",
        "queue.patient_admitted",
    ]


async def _when_count(records_future, count):
    records = await records_future
    return (
        sorted(records, key=lambda r: r["created_at"])
        if len(records) >= count
        else None
    )


async def test_after_admission_no_address_or_message_body_is_kept(
    aiohttp_client, notification_settings, smtp, gateway
):
    client = await aiohttp_client(init_app(notification_settings()))
    publisher = client.app[PLATFORM].publisher
    referral = registered(email="aigerim@mail.kz")
    rid = referral.data["referral_id"]
    await publisher.publish(referral)
    await publisher.publish(queue_event("queue.patient_admitted", rid))
    await publisher.publish(queue_event("queue.patient_admitted", rid, version=2))
    records = await eventually(lambda: _finished(client.app, rid))
    assert len(gateway[0].requests) == 1 and len(smtp[0].mails) == 1
    assert {r["recipient"] for r in records} == {"+*********67", "a***@***.kz"}
    assert all("content" not in r for r in records)
    contact = await client.app[PLATFORM].db["contacts"].find_one({"_id": rid})
    assert (contact["phone"], contact["email"]) == (None, None)


async def _finished(app, rid):
    records = await deliveries_of(app, rid)
    done = len(records) == 2 and all(r["status"] == "sent" for r in records)
    return records if done else None


async def test_an_sms_retry_that_would_fall_in_quiet_hours_waits_for_the_morning(
    aiohttp_client, notification_settings, gateway
):
    gateway[0].respond = lambda n: 503
    clock = SettableClock(datetime(2025, 3, 3, 21, 59, 59, 990000, tzinfo=ALMATY))
    settings = notification_settings(quiet_hours="22:00-08:00", smtp_host="")
    client = await aiohttp_client(init_app(settings, clock=clock))
    publisher = client.app[PLATFORM].publisher
    referral = registered()
    rid = referral.data["referral_id"]
    await publisher.publish(referral)
    await publisher.publish(queue_event("queue.entry_placed", rid))

    async def retry_scheduled():
        records = await deliveries_of(client.app, rid)
        return (
            records
            if records
            and records[0]["attempts"] == 1
            and (records[0]["status"] == "pending")
            else None
        )

    records = await eventually(retry_scheduled)
    assert records[0]["last_error"] == "HTTP 503"
    assert records[0]["next_attempt_at"] == datetime(2025, 3, 4, 8, tzinfo=ALMATY)
    assert len(gateway[0].requests) == 1


async def test_a_one_time_code_sms_is_retried_at_night_too(
    aiohttp_client, notification_settings, gateway
):
    gateway[0].respond = lambda n: 503 if n == 1 else 200
    clock = SettableClock(datetime(2025, 3, 3, 23, 30, tzinfo=ALMATY))
    settings = notification_settings(quiet_hours="22:00-08:00", smtp_host="")
    client = await aiohttp_client(init_app(settings, clock=clock))
    publisher = client.app[PLATFORM].publisher
    referral = registered()
    rid = referral.data["referral_id"]
    await publisher.publish(referral)
    asked = new_event(
        "queue.verification_requested",
        {
            "entry_id": f"e-{rid}",
            "referral_id": rid,
            "hospitalization_code": referral.data["hospitalization_code"],
            "one_time_code": "042917",
            "expires_at": clock() + timedelta(minutes=10),
        },
        producer="queue",
    )
    await publisher.publish(asked)

    async def delivery_in(status: str, attempts: int):
        records = await deliveries_of(client.app, rid)
        if records and (records[0]["status"], records[0]["attempts"]) == (
            status,
            attempts,
        ):
            return records[0]
        return None

    failed_once = await eventually(lambda: delivery_in("pending", 1))
    assert failed_once["next_attempt_at"] < clock() + timedelta(seconds=5)
    clock.moment += timedelta(seconds=5)
    await eventually(lambda: delivery_in("sent", 2))
    assert [r["json"]["text"].count("042917") for r in gateway[0].requests] == [1, 1]
