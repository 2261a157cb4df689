"""Superseding is safe beside the dispatcher: a message being sent when a
later change comes is neither retried nor sent again after it, and what is
exempt from quiet hours (a one-time code) still goes at once and is never
collapsed, but not after it expired."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from services.notification.domain.channels import TransientFailure
from services.notification.domain.model import Delivery
from shared.contracts import Envelope, new_event
from tests.notification_events import queue_event
from tests.unit.notification.memory import Service, service
from tests.unit.notification.test_quiet_hours_collapse import (
    MORNING,
    a_patient,
    at,
    in_the_morning,
    night_service,
    told_at,
)

LEASE = timedelta(seconds=30)


def lookup_event(event_type: str, rid: str, **data) -> Envelope:
    common = {"entry_id": f"e-{rid}", "referral_id": rid}
    common["hospitalization_code"] = "75-AB12CD-7"
    return new_event(event_type, {**common, **data}, producer="queue")


def one_time_code(told: Service, rid: str, minutes: int = 10) -> Envelope:
    expires_at = told.clock() + timedelta(minutes=minutes)
    data = {"one_time_code": "042917", "expires_at": expires_at}
    return lookup_event("queue.verification_requested", rid, **data)


def statuses(told: Service) -> dict[str, str]:
    return {d.event_type: d.status for d in told.deliveries()}


async def test_a_one_time_code_goes_at_once_in_the_night_and_supersedes_nothing():
    told = night_service(channels=("sms",))
    rid = await a_patient(told)
    await told_at(told, at(23), "queue.entry_placed", rid)
    told.clock.moment = at(1, day=4)
    await told.hear(one_time_code(told, rid))
    await told.dispatcher().dispatch_due()
    [code] = told.channels["sms"].sent
    assert "042917" in code.content["text"]
    assert statuses(told)["queue.entry_placed"] == "pending"
    await told_at(told, at(3, day=4), "queue.position_milestone", rid)
    assert statuses(told) == {
        "queue.entry_placed": "superseded",
        "queue.verification_requested": "sent",
        "queue.position_milestone": "pending",
    }


async def test_a_one_time_code_that_expired_while_retried_is_not_sent():
    told = night_service(channels=("sms",))
    told.channels["sms"].fail = lambda n: TransientFailure("HTTP 503")
    rid = await a_patient(told)
    told.clock.moment = at(1, day=4)
    await told.hear(one_time_code(told, rid, minutes=1))
    dispatcher = told.dispatcher()
    await dispatcher.dispatch_due()
    told.clock.moment += timedelta(minutes=1)
    await dispatcher.dispatch_due()
    [record] = told.deliveries()
    assert (record.status, record.last_error) == ("outdated", "date_passed")
    assert len(told.channels["sms"].sent) == 1


async def test_the_warning_that_someone_tried_the_code_is_not_collapsed():
    told = night_service(channels=("sms",))
    rid = await a_patient(told)
    await told.hear(lookup_event("queue.lookup_guessed", rid, at=told.clock()))
    await told_at(told, at(2, day=4), "queue.position_milestone", rid)
    sent = await in_the_morning(told)
    assert len(sent) == 2
    assert {d.status for d in told.deliveries()} == {"sent"}


@dataclass
class ChangeWhileSending:
    """An SMS channel that, while handing over its first message, hears a
    later change of the same referral, then fails as a timeout would."""

    told: Service
    change: Envelope
    name: str = "sms"
    sent: list[Delivery] = field(default_factory=list)

    async def send(self, delivery: Delivery) -> None:
        self.sent.append(delivery)
        if len(self.sent) == 1:
            await self.told.hear(self.change)
            raise TransientFailure("timeout")


async def test_a_message_being_sent_when_a_later_change_comes_is_not_retried():
    told = night_service(channels=("sms",))
    rid = await a_patient(told)
    await told.hear(queue_event("queue.entry_placed", rid))
    milestone = queue_event("queue.position_milestone", rid)
    channel = ChangeWhileSending(told, milestone)
    told.channels["sms"] = channel
    told.clock.moment = MORNING
    dispatcher = told.dispatcher()
    await dispatcher.dispatch_due()
    told.clock.moment += timedelta(minutes=5)
    await dispatcher.dispatch_due()
    assert [d.event_type for d in channel.sent] == [
        "queue.entry_placed",
        "queue.position_milestone",
    ]
    placed = next(d for d in told.deliveries() if d.event_type == "queue.entry_placed")
    assert (placed.status, placed.attempts) == ("superseded", 1)
    assert placed.superseded_by == channel.sent[1].key


async def test_a_crashed_senders_message_superseded_meanwhile_is_not_sent_again():
    told = service(channels=("sms",))
    rid = await a_patient(told)
    await told.hear(queue_event("queue.entry_placed", rid))
    store = told.uow.reader().deliveries
    crashed = await store.claim(told.clock(), LEASE)
    assert crashed is not None
    await told.hear(queue_event("queue.position_milestone", rid))
    told.clock.moment += LEASE
    await told.dispatcher().dispatch_due()
    [sent] = told.channels["sms"].sent
    assert sent.event_type == "queue.position_milestone"
    assert statuses(told)["queue.entry_placed"] == "superseded"
    assert await store.mark_sent(crashed, told.clock()) is False


async def test_an_email_waiting_for_a_retry_is_superseded_by_a_later_change():
    told = service(channels=("email",))
    told.channels["email"].fail = lambda n: (
        TransientFailure("smtp_451") if n == 1 else None
    )
    rid = await a_patient(told)
    await told_at(told, told.clock(), "queue.entry_placed", rid)
    assert statuses(told)["queue.entry_placed"] == "pending"
    await told_at(told, told.clock(), "queue.position_milestone", rid)
    told.clock.moment += timedelta(minutes=5)
    await told.dispatcher().dispatch_due()
    sent = [d.event_type for d in told.channels["email"].sent]
    assert sent == ["queue.entry_placed", "queue.position_milestone"]
    placed = next(d for d in told.deliveries() if d.event_type == "queue.entry_placed")
    assert (placed.status, placed.last_error) == ("superseded", "smtp_451")
