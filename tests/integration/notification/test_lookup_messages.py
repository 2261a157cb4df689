"""The queue service and the notification service on the real broker: a code
whose guesses run out brings its patient one "someone tried" message, and the
right IIN then a one-time code by SMS (at any hour) and e-mail, which lets
them in. Nothing else is told, and the one-time code is never logged."""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from services.notification.bootstrap import DISPATCHER
from services.notification.bootstrap import init_app as notification_app
from services.notification.domain.model import delivery_key
from services.queue.bootstrap import init_app as queue_app
from services.queue.patients.entrypoints.keys import GATE
from shared.contracts import Envelope, new_event
from shared.runtime import PLATFORM
from tests.factories import random_iin
from tests.integration.notification.conftest import deliveries_of, eventually
from tests.integration.queue.support import Replica, outbox_events
from tests.queue_builders import Clock, new_code

PHONE, EMAIL = "+77017654321", "tried@example.kz"
NIGHT = datetime(2026, 11, 2, 19, 0, tzinfo=UTC)  # 01:00 in Almaty
GUESSES = 3


def registration(consent: bool = True) -> Envelope:
    return new_event(
        "referral.registered",
        {
            "referral_id": uuid.uuid4().hex,
            "hospitalization_code": new_code(),
            "version": 1,
            "iin": random_iin(),
            "referring_facility_id": "KZ-75-P01",
            "facility_id": "KZ-75-M01",
            "bed_profile": "psychiatry",
            "stay": "round_the_clock",
            "priority": "planned",
            "registered_at": NIGHT - timedelta(days=1),
            "valid_until": NIGHT.date() + timedelta(days=60),
            "tests": [],
            "contact": {
                "phone": PHONE,
                "email": EMAIL,
                "language": "ru",
                "consent": consent,
            },
        },
        producer="referral",
    )


class Services:
    def __init__(self, queue: Any, notification: Any, referral: Envelope):
        self.queue, self.notification, self.referral = queue, notification, referral
        self.code = referral.data["hospitalization_code"]
        self.iin = referral.data["iin"]

    async def ask(self, **extra: Any) -> tuple[int, Any]:
        body = {"code": self.code, "iin": self.iin, **extra}
        response = await self.queue.post("/v1/queue/lookup", json=body)
        return response.status, await response.json()

    async def guess_wrong(self, count: int) -> None:
        for _ in range(count):
            wrong = random_iin()
            if wrong != self.iin:
                assert (await self.ask(iin=wrong))[0] in (403, 404)

    async def sent(self, event_type: str) -> list[dict[str, Any]]:
        await self.queue.app[GATE].afterwards.settle()
        return await outbox_events(Replica(self.queue.app), event_type)

    async def all_delivered(self, count: int) -> list[dict[str, Any]]:
        rid = self.referral.data["referral_id"]

        async def done() -> list[dict[str, Any]] | None:
            found = await deliveries_of(self.notification.app, rid)
            finished = len(found) == count and all(d["status"] == "sent" for d in found)
            return found if finished else None

        return await eventually(done)


async def start(
    aiohttp_client: Any,
    queue_settings: Any,
    notification_settings: Any,
    clock: Clock,
    consent: bool = True,
    **notification: Any,
) -> Services:
    settings = replace(
        queue_settings, lookup_guesses_per_day=GUESSES, lookup_ip_burst=1000
    )
    queue = await aiohttp_client(queue_app(settings, clock))
    told = await aiohttp_client(
        notification_app(notification_settings(**notification), clock=clock)
    )
    referral = registration(consent)
    await told.app[PLATFORM].publisher.publish(referral)
    services = Services(queue, told, referral)
    await eventually(lambda: Replica(queue.app).book.get(services.code))
    return services


async def test_someone_tried_reaches_the_patient_once(
    aiohttp_client, queue_settings, notification_settings, smtp, gateway
):
    clock = Clock(NIGHT + timedelta(hours=6))  # 07:00 UTC, 13:00 in Almaty
    services = await start(aiohttp_client, queue_settings, notification_settings, clock)
    await services.guess_wrong(4 * GUESSES)
    (warning,) = await services.sent("queue.lookup_guessed")
    assert len(await services.sent("queue.entry_placed")) == 1
    await services.all_delivered(4)  # placed and warned, by SMS and e-mail

    sms_key = delivery_key(warning["event_id"], "sms", PHONE)
    (sms,) = [
        r for r in gateway[0].requests if r["headers"]["Idempotency-Key"] == sms_key
    ]
    assert sms["json"]["to"] == PHONE
    assert (
        "пытался проверить" in sms["json"]["text"]
        and services.code in sms["json"]["text"]
    )
    mail_id = f"<{delivery_key(warning['event_id'], 'email', EMAIL)}@kezek.local>"
    (mail,) = [m for m in smtp[0].mails if m.message["Message-ID"] == mail_id]
    assert "попытка проверки" in mail.message["Subject"]
    assert "место в очереди не изменилось" in mail.text
    for text in (sms["json"]["text"], mail.text):
        assert "psych" not in text.lower() and "психиатр" not in text.lower()
    assert len(gateway[0].requests) == 2 and len(smtp[0].mails) == 2


async def the_one_time_code_by_sms(services: Services, gateway: Any) -> str:
    """The one-time code the gateway received, the only SMS at night, once
    it matches the code in the verification event."""
    (asked,) = await services.sent("queue.verification_requested")
    sms_key = delivery_key(asked["event_id"], "sms", PHONE)
    await eventually(
        lambda: [
            r for r in gateway[0].requests if r["headers"]["Idempotency-Key"] == sms_key
        ]
    )
    (sms,) = [r["json"] for r in gateway[0].requests]  # nothing else at night
    one_time_code = re.search(r"\b(\d{6})\b", sms["text"]).group(1)
    assert one_time_code == asked["data"]["one_time_code"]
    return one_time_code


async def both_waiting_for_the_morning(services: Services) -> set[str]:
    """The event types of the SMS pending for the morning, once both the
    placement and "someone tried" are among them (else nothing)."""
    records = await deliveries_of(
        services.notification.app, services.referral.data["referral_id"]
    )
    pending = {
        d["event_type"]
        for d in records
        if d["channel"] == "sms" and d["status"] == "pending"
    }
    return (
        pending if {"queue.entry_placed", "queue.lookup_guessed"} <= pending else set()
    )


async def test_the_one_time_code_comes_at_night_and_lets_the_patient_in(
    aiohttp_client, queue_settings, notification_settings, smtp, gateway, capsys
):
    clock = Clock(NIGHT)
    services = await start(
        aiohttp_client,
        queue_settings,
        notification_settings,
        clock,
        quiet_hours="22:00-08:00",
        access_log="all",
        log_level="DEBUG",
    )
    await services.guess_wrong(GUESSES)
    assert (await services.ask())[1]["error"]["code"] == "verification_required"
    one_time_code = await the_one_time_code_by_sms(services, gateway)
    status, body = await services.ask(one_time_code=one_time_code)
    assert status == 200 and body["status"] == "waiting"

    # "someone tried" and the placement are recorded on their own paths (in
    # either order); wait until both are, then check nothing else waits
    waiting = await eventually(lambda: both_waiting_for_the_morning(services))
    assert waiting == {"queue.entry_placed", "queue.lookup_guessed"}
    assert await services.notification.app[DISPATCHER].dispatch_due() == 0
    logged = capsys.readouterr().out
    assert "queue.verification_requested" in logged  # the lines were captured
    assert not re.search(rf"(?<![0-9a-fA-F]){one_time_code}(?![0-9a-fA-F])", logged)


async def test_without_a_contact_on_file_nothing_is_sent_and_the_answers_agree(
    aiohttp_client, queue_settings, notification_settings, smtp, gateway
):
    clock = Clock(NIGHT + timedelta(hours=6))
    services = await start(
        aiohttp_client, queue_settings, notification_settings, clock, consent=False
    )
    await services.guess_wrong(GUESSES)
    right = await services.ask()
    wrong = await services.ask(iin=random_iin())
    assert right == wrong and right[0] == 403
    assert len(await services.sent("queue.verification_requested")) == 1
    assert len(await services.sent("queue.lookup_guessed")) == 1
    rid = services.referral.data["referral_id"]
    contacts = services.notification.app[PLATFORM].db["contacts"]

    async def handled_all() -> bool:
        processed = services.notification.app[PLATFORM].db["processed_events"]
        return await processed.count_documents({}) == 4  # registered, placed, two

    await eventually(handled_all)
    assert await deliveries_of(services.notification.app, rid) == []
    assert (await contacts.find_one({"_id": rid}))["queue_version"] == 1
    assert gateway[0].requests == [] and smtp[0].mails == []
