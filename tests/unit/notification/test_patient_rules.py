"""Quiet hours, consent, and queue events that overtake the registration,
on the memory unit of work with channels that record what they get."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from services.notification.domain.channels import TransientFailure
from services.notification.service_layer.errors import ContactNotYetKnown
from shared.contracts import new_event
from shared.messaging.consumer import AlreadyProcessed
from tests.notification_events import queue_event, registered
from tests.unit.notification.memory import ALMATY, service


async def test_sms_wait_for_the_morning_while_email_goes_at_once():
    told = service(
        datetime(2025, 3, 3, 23, 15, tzinfo=ALMATY), quiet_hours="22:00-08:00"
    )
    referral = registered()
    rid = referral.data["referral_id"]
    await told.hear(referral)
    await told.hear(queue_event("queue.admission_scheduled", rid))
    dispatcher = told.dispatcher()
    assert await dispatcher.dispatch_due() == 1
    assert len(told.channels["email"].sent) == 1
    assert await dispatcher.dispatch_due() == 0
    [sms] = [d for d in told.deliveries() if d.channel == "sms"]
    morning = datetime(2025, 3, 4, 8, 0, tzinfo=ALMATY)
    assert (sms.status, sms.next_attempt_at) == ("pending", morning)
    assert told.channels["sms"].sent == []

    told.clock.moment = datetime(2025, 3, 4, 7, 59, tzinfo=ALMATY)
    assert await dispatcher.dispatch_due() == 0
    told.clock.moment = morning
    assert await dispatcher.dispatch_due() == 1
    assert len(told.channels["sms"].sent) == 1
    assert len(told.channels["email"].sent) == 1


async def test_without_consent_nothing_is_recorded_and_no_contact_is_kept():
    told = service()
    silent, heard = registered(consent=False), registered(email="told@example.kz")
    for referral in (silent, heard):
        await told.hear(referral)
        rid = referral.data["referral_id"]
        await told.hear(queue_event("queue.entry_placed", rid))
    contact = await told.uow.reader().contacts.get(silent.data["referral_id"])
    assert (contact.consent, contact.phone, contact.email) == (False, None, None)
    reader = told.uow.reader().deliveries
    assert await reader.for_referral(silent.data["referral_id"]) == []
    assert await told.dispatcher().dispatch_due() == 2
    assert [d.recipient for d in told.channels["email"].sent] == ["told@example.kz"]
    assert len(told.channels["sms"].sent) == 1


async def test_a_queue_event_that_arrives_before_the_registration_waits_for_it():
    told = service()
    referral = registered(language="en")
    placed = queue_event("queue.entry_placed", referral.data["referral_id"])
    with pytest.raises(ContactNotYetKnown):
        await told.hear(placed)
    assert told.deliveries() == [] and told.uow.store.handled == set()
    await told.hear(referral)
    await told.hear(placed)  # the consumer's retry
    assert sorted(d.channel for d in told.deliveries()) == ["email", "sms"]
    [sms] = [d for d in told.deliveries() if d.channel == "sms"]
    assert "waiting list" in sms.content["text"]


async def test_an_event_older_than_one_already_handled_is_not_recorded():
    told = service(channels=("email",))
    referral = registered()
    rid = referral.data["referral_id"]
    await told.hear(referral)
    for event_type, version in (
        ("queue.admission_scheduled", 3),
        ("queue.entry_placed", 2),
        ("queue.patient_admitted", 4),
    ):
        await told.hear(queue_event(event_type, rid, version=version))
    records = await told.uow.reader().deliveries.for_referral(rid)
    assert [r.event_type for r in records] == [
        "queue.admission_scheduled",
        "queue.patient_admitted",
    ]
    assert await told.uow.reader().contacts.queue_version(rid) == 4


async def test_a_duplicated_event_is_recorded_once():
    told = service()
    referral = registered()
    placed = queue_event("queue.entry_placed", referral.data["referral_id"])
    await told.hear(referral)
    await told.hear(placed)
    with pytest.raises(AlreadyProcessed):
        await told.hear(placed)
    assert len(told.deliveries()) == 2
    assert told.woken == [True]


async def test_after_admission_no_address_or_message_body_is_kept():
    told = service()
    referral = registered(email="aigerim@mail.kz")
    rid = referral.data["referral_id"]
    await told.hear(referral)
    await told.hear(queue_event("queue.patient_admitted", rid))
    await told.hear(queue_event("queue.patient_admitted", rid, version=2))
    assert await told.dispatcher().dispatch_due() == 2
    assert len(told.channels["sms"].sent) == len(told.channels["email"].sent) == 1
    kept = told.deliveries()
    assert {d.recipient for d in kept} == {"+*********67", "a***@***.kz"}
    assert all(d.content == {} and d.status == "sent" for d in kept)
    contact = await told.uow.reader().contacts.get(rid)
    assert (contact.phone, contact.email) == (None, None)


async def test_an_sms_retry_that_would_fall_in_quiet_hours_waits_for_the_morning():
    evening = datetime(2025, 3, 3, 21, 59, 59, 990000, tzinfo=ALMATY)
    told = service(evening, quiet_hours="22:00-08:00", channels=("sms",))
    told.channels["sms"].fail = lambda n: TransientFailure("HTTP 503")
    referral = registered()
    await told.hear(referral)
    rid = referral.data["referral_id"]
    await told.hear(queue_event("queue.entry_placed", rid))
    assert await told.dispatcher().dispatch_due() == 1
    [record] = told.deliveries()
    assert (record.status, record.attempts, record.last_error) == (
        "pending",
        1,
        "HTTP 503",
    )
    assert record.next_attempt_at == datetime(2025, 3, 4, 8, tzinfo=ALMATY)
    assert len(told.channels["sms"].sent) == 1


async def test_a_one_time_code_sms_is_retried_at_night_too():
    night = datetime(2025, 3, 3, 23, 30, tzinfo=ALMATY)
    told = service(night, quiet_hours="22:00-08:00", channels=("sms",))
    told.channels["sms"].fail = lambda n: (
        TransientFailure("HTTP 503") if n == 1 else None
    )
    referral = registered()
    rid = referral.data["referral_id"]
    await told.hear(referral)
    asked = new_event(
        "queue.verification_requested",
        {
            "entry_id": f"e-{rid}",
            "referral_id": rid,
            "hospitalization_code": referral.data["hospitalization_code"],
            "one_time_code": "042917",
            "expires_at": told.clock() + timedelta(minutes=10),
        },
        producer="queue",
    )
    await told.hear(asked)
    dispatcher = told.dispatcher()
    assert await dispatcher.dispatch_due() == 1
    [failed_once] = told.deliveries()
    assert (failed_once.status, failed_once.attempts) == ("pending", 1)
    assert failed_once.next_attempt_at < told.clock() + timedelta(seconds=5)
    told.clock.moment += timedelta(seconds=5)
    assert await dispatcher.dispatch_due() == 1
    [sent] = told.deliveries()
    assert (sent.status, sent.attempts) == ("sent", 2)
    texts = [d.content["text"] for d in told.channels["sms"].sent]
    assert [text.count("042917") for text in texts] == [1, 1]
