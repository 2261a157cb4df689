"""The end of quiet hours: one message per referral and channel with its
current state, what a later change replaced recorded as ``superseded``, and
nothing whose dates have passed (``outdated``)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from services.notification.domain.channels import TransientFailure
from services.notification.domain.commands import RegisterWebhook
from tests.notification_events import CLINIC, queue_event, registered
from tests.unit.notification.memory import ALMATY, Service, service

MORNING = datetime(2025, 3, 4, 8, 0, tzinfo=ALMATY)
SCHEDULED = {"version": 2, "status": "scheduled"}
CANCELLED = {"version": 3, "status": "cancelled", "reason_code": "patient_request"}


def at(hour: int, minute: int = 0, day: int = 3) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=ALMATY)


def night_service(**kwargs) -> Service:
    return service(at(22, 30), quiet_hours="22:00-08:00", **kwargs)


async def a_patient(told: Service, language: str = "en") -> str:
    referral = registered(language=language)
    await told.hear(referral)
    return str(referral.data["referral_id"])


async def told_at(told: Service, moment: datetime, event_type: str, rid: str, **data):
    """The event heard at ``moment``, and everything due then dispatched."""
    told.clock.moment = moment
    await told.hear(queue_event(event_type, rid, **data))
    await told.dispatcher().dispatch_due()


async def in_the_morning(told: Service) -> list[str]:
    """The SMS texts sent at the end of quiet hours."""
    assert told.channels["sms"].sent == []
    told.clock.moment = MORNING
    await told.dispatcher().dispatch_due()
    return [d.content["text"] for d in told.channels["sms"].sent]


async def a_night_of_changes(told: Service, rid: str) -> None:
    """Placed, moved up, given a date, then cancelled, all in one night."""
    await told_at(told, at(22, 30), "queue.entry_placed", rid)
    await told_at(told, at(23, 10), "queue.position_milestone", rid)
    await told_at(told, at(1, day=4), "queue.admission_scheduled", rid, **SCHEDULED)
    await told_at(told, at(3, day=4), "queue.entry_cancelled", rid, **CANCELLED)


async def test_a_night_of_changes_ends_in_one_sms_with_the_current_state():
    told = night_service()
    rid = await a_patient(told)
    await a_night_of_changes(told, rid)
    [sms] = await in_the_morning(told)
    assert "has been cancelled" in sms
    assert "waiting list" not in sms and "04.03.2025" not in sms
    mails = [d.event_type for d in told.channels["email"].sent]
    assert mails == [
        "queue.entry_placed",
        "queue.position_milestone",
        "queue.admission_scheduled",
        "queue.entry_cancelled",
    ], "e-mail is not held by quiet hours: each went with the state of its time"


async def test_what_a_later_change_replaced_is_listed_as_superseded():
    told = night_service()
    rid = await a_patient(told)
    await a_night_of_changes(told, rid)
    await in_the_morning(told)
    listed = await told.uow.reader().deliveries.for_referral(rid)
    sms = [r for r in listed if r.channel == "sms"]
    assert [(r.event_type, r.status) for r in sms] == [
        ("queue.entry_placed", "superseded"),
        ("queue.position_milestone", "superseded"),
        ("queue.admission_scheduled", "superseded"),
        ("queue.entry_cancelled", "sent"),
    ]
    assert [r.superseded_by for r in sms[:3]] == [r.delivery_id for r in sms[1:]]
    assert sms[3].superseded_by is None
    assert all(r.status == "sent" for r in listed if r.channel == "email")
    for record in told.deliveries():
        if record.status == "superseded":
            assert record.content == {} and "*" in record.recipient


async def test_a_later_date_replaces_the_one_given_earlier_in_the_night():
    told = night_service()
    rid = await a_patient(told)
    first = {**SCHEDULED, "scheduled_date": date(2025, 3, 10)}
    await told_at(told, at(23), "queue.admission_scheduled", rid, **first)
    moved = {**SCHEDULED, "version": 3, "scheduled_date": date(2025, 3, 12)}
    await told_at(told, at(2, day=4), "queue.admission_scheduled", rid, **moved)
    [sms] = await in_the_morning(told)
    assert "12.03.2025" in sms and "10.03.2025" not in sms


@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        ("en", ["number 3", "valid until 20.04.2025"]),
        ("ru", ["в очереди — 3", "действует до 20.04.2025"]),
        ("kk", ["орныңыз — 3", "20.04.2025 дейін жарамды"]),
    ],
)
async def test_a_deadline_overtaken_by_a_move_up_the_list_is_said_with_it(
    language, phrases
):
    told = night_service()
    rid = await a_patient(told, language)
    await told_at(told, at(23), "queue.expiry_approaching", rid)
    await told_at(told, at(2, day=4), "queue.position_milestone", rid)
    [sms] = await in_the_morning(told)
    for phrase in phrases:
        assert phrase in sms, (language, phrase, sms)
    [sent] = told.channels["sms"].sent
    assert sent.event_type == "queue.position_milestone"
    assert sent.content["segments"] <= 2


async def test_a_closed_referral_does_not_carry_an_earlier_deadline():
    told = night_service()
    rid = await a_patient(told)
    await told_at(told, at(23), "queue.expiry_approaching", rid)
    await told_at(told, at(2, day=4), "queue.entry_cancelled", rid, **CANCELLED)
    [sms] = await in_the_morning(told)
    assert "has been cancelled" in sms and "20.04.2025" not in sms


async def test_a_scheduled_date_that_passed_in_the_night_is_not_sent():
    told = night_service()
    rid = await a_patient(told)
    today = {**SCHEDULED, "scheduled_date": date(2025, 3, 3)}
    await told_at(told, at(23, 30), "queue.admission_scheduled", rid, **today)
    assert await in_the_morning(told) == []
    by_channel = {
        r.channel: r for r in await told.uow.reader().deliveries.for_referral(rid)
    }
    assert (by_channel["sms"].status, by_channel["sms"].last_error) == (
        "outdated",
        "date_passed",
    )
    assert by_channel["email"].status == "sent", "it went at 23:30, still that day"


async def test_a_date_holds_until_midnight_in_the_bureaus_zone_not_in_utc():
    told = service(at(23, 59), channels=("sms",))
    told.channels["sms"].fail = lambda n: TransientFailure("HTTP 503")
    rid = await a_patient(told)
    today = {**SCHEDULED, "scheduled_date": date(2025, 3, 3)}
    await told_at(told, at(23, 59), "queue.admission_scheduled", rid, **today)
    assert len(told.channels["sms"].sent) == 1, "tried while it is still 3 March"
    told.clock.moment = at(0, day=4)
    assert told.clock().date() == date(2025, 3, 3), "still 3 March in UTC"
    await told.dispatcher().dispatch_due()
    [record] = told.deliveries()
    assert (record.status, record.attempts) == ("outdated", 2)
    assert record.last_error == "date_passed"
    assert len(told.channels["sms"].sent) == 1


async def test_webhooks_are_neither_held_nor_collapsed():
    told = night_service(channels=("webhook",))
    await told.bus.handle(RegisterWebhook(CLINIC, "https://his.test/k"))
    rid = await a_patient(told)
    told.clock.moment = at(1, day=4)
    expired = {"version": 2, "status": "expired"}
    await told.hear(queue_event("queue.entry_expired", rid, **expired))
    admitted = {"version": 3, "status": "admitted"}
    await told.hear(queue_event("queue.patient_admitted", rid, **admitted))
    await told.dispatcher().dispatch_due()
    sent = [d.content["payload"]["type"] for d in told.channels["webhook"].sent]
    assert sent == ["referral.expired", "referral.admitted"]
