"""What the notification service records for the referring facility and the
patient when a referral is closed in a way that can be undone, brought back,
renewed, discharged, or when the queue refuses the doctor's request (memory
unit of work, channels that record what they get)."""

from __future__ import annotations

from datetime import date

from services.notification.domain.commands import RegisterWebhook
from shared.contracts import new_event
from tests.notification_events import CLINIC, HOSPITAL, queue_event, registered
from tests.unit.notification.memory import Service, service

URL = "https://his.test/k"
UNDOABLE = {"actor": "patient", "reason_code": "moved", "status": "cancelled"}


async def told_with_webhook() -> tuple[Service, str]:
    told = service()
    await told.bus.handle(RegisterWebhook(CLINIC, URL))
    referral = registered()
    await told.hear(referral)
    return told, referral.data["referral_id"]


def sent(told: Service, channel: str) -> list[str]:
    return [d.event_type for d in told.deliveries() if d.channel == channel]


def refusal(referral_id: str) -> dict:
    return {
        "referral_id": referral_id,
        "hospitalization_code": "75-Y99E-DD1R-1",
        "referral_version": 4,
        "request": "referral.renewal_requested",
        "referring_facility_id": CLINIC,
        "facility_id": HOSPITAL,
        "entry_id": f"e-{referral_id}",
        "status": "expired",
        "reason_code": "not_active",
    }


async def test_the_facility_hears_the_cancellation_discharge_and_refusal():
    told, rid = await told_with_webhook()
    window = {**UNDOABLE, "reinstatable_until": date(2025, 4, 2)}
    await told.hear(queue_event("queue.entry_cancelled", rid, version=2, **window))
    await told.hear(new_event("queue.request_refused", refusal(rid), "queue"))
    discharged = {"status": "discharged"}
    await told.hear(
        queue_event("queue.patient_discharged", rid, version=3, **discharged)
    )
    assert sent(told, "webhook") == [
        "queue.entry_cancelled",
        "queue.request_refused",
        "queue.patient_discharged",
    ]
    assert sent(told, "sms") == sent(told, "email") == ["queue.entry_cancelled"]
    payloads = [
        d.content["payload"] for d in told.deliveries() if d.channel == "webhook"
    ]
    assert (payloads[0]["closed_by"], payloads[0]["reinstatable_until"]) == (
        "patient",
        "2025-04-02",
    )
    assert (payloads[1]["request"], payloads[1]["reason_code"]) == (
        "renewal",
        "not_active",
    )


async def test_the_doctors_own_cancellation_is_not_told_back():
    told, rid = await told_with_webhook()
    by_doctor = {"actor": "doctor:dr-7", "reason_code": "duplicate"}
    await told.hear(
        queue_event(
            "queue.entry_cancelled", rid, version=2, status="cancelled", **by_doctor
        )
    )
    assert sent(told, "webhook") == []
    assert sent(told, "sms") == ["queue.entry_cancelled"]


async def test_an_undoable_cancellation_keeps_the_contact_for_the_reinstatement():
    told, rid = await told_with_webhook()
    window = {**UNDOABLE, "reinstatable_until": date(2025, 4, 2)}
    await told.hear(queue_event("queue.entry_cancelled", rid, version=2, **window))
    contact = await told.uow.reader().contacts.get(rid)
    assert contact.phone == "+77011234567"
    await told.hear(queue_event("queue.entry_reinstated", rid, version=3))
    await told.hear(queue_event("queue.entry_renewed", rid, version=4))
    assert sent(told, "sms") == [
        "queue.entry_cancelled",
        "queue.entry_reinstated",
        "queue.entry_renewed",
    ]
    assert sent(told, "webhook") == sent(told, "sms")
    final = registered()
    await told.hear(final)
    final_id = final.data["referral_id"]
    await told.hear(queue_event("queue.entry_cancelled", final_id, **UNDOABLE))
    forgotten = await told.uow.reader().contacts.get(final_id)
    assert (forgotten.phone, forgotten.email) == (None, None)


async def test_an_emergency_admissions_discharge_tells_nobody():
    told, _ = await told_with_webhook()
    emergency = "emergency:0c2a9b8d4e7f8a1b"
    discharged = {"status": "discharged", "facility": HOSPITAL}
    await told.hear(queue_event("queue.patient_discharged", emergency, **discharged))
    assert told.deliveries() == []
