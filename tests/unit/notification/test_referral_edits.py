"""The doctor's edit as the notification service hears it: a newer contact
replaces the remembered one (a withdrawn consent forgets the addresses, an
older edit changes nothing), and a reorder tells a waiting patient the new
place, never why, and the referring facility's webhook."""

from __future__ import annotations

from shared.contracts import new_event
from tests.notification_events import CLINIC, HOSPITAL, queue_event, registered
from tests.unit.notification.memory import service


def updated(referral_id: str, version: int, **contact) -> object:
    data = {
        "referral_id": referral_id,
        "hospitalization_code": "75-AB12CD-7",
        "version": version,
        "referring_facility_id": CLINIC,
        "facility_id": HOSPITAL,
        "changed": ["contact"] if contact else ["tests"],
        "tests": [],
        "priority": "planned",
        "actor": "doctor:dr-aliya",
    }
    if contact:
        data["contact"] = {
            "phone": None,
            "email": None,
            "language": "ru",
            "consent": True,
            **contact,
        }
    return new_event("referral.updated", data, producer="referral")


def reordered(referral_id: str, position: int | None, status: str = "waiting"):
    return queue_event(
        "queue.entry_reordered",
        referral_id,
        version=2,
        status=status,
        reason_code="condition_worsened",
        referral_version=2,
        changed=["priority"],
        priority="urgent",
        position=position,
        queue_length=40,
        estimated_admission=None,
    )


async def test_a_newer_contact_replaces_the_remembered_one():
    told = service()
    referral = registered()
    rid = referral.data["referral_id"]
    await told.hear(referral)
    await told.hear(updated(rid, 3, phone="+77019876543", language="kk"))
    await told.hear(updated(rid, 2, email="old@example.kz", language="en"))
    await told.hear(updated(rid, 4))  # tests only: the contact stays
    contact = await told.uow.reader().contacts.get(rid)
    assert (contact.phone, contact.email, contact.language, contact.version) == (
        "+77019876543",
        None,
        "kk",
        3,
    )


async def test_a_withdrawn_consent_forgets_the_addresses_and_silences():
    told = service()
    referral = registered()
    rid = referral.data["referral_id"]
    await told.hear(referral)
    await told.hear(updated(rid, 2, consent=False))
    contact = await told.uow.reader().contacts.get(rid)
    assert (contact.consent, contact.phone, contact.email) == (False, None, None)
    await told.hear(reordered(rid, 3))
    assert told.deliveries() == []


async def test_a_reorder_tells_the_patient_the_new_place_never_why():
    told = service(channels=("sms",))
    referral = registered(language="en")
    rid = referral.data["referral_id"]
    await told.hear(referral)
    await told.hear(reordered(rid, 3))
    [sms] = told.deliveries()
    text = sms.content["text"]
    assert "place in the queue" in text and "3 of 40" in text
    assert "urgent" not in text and "condition" not in text


async def test_a_scheduled_patient_is_not_told_of_a_reorder():
    told = service(channels=("sms",))
    referral = registered(language="en")
    rid = referral.data["referral_id"]
    await told.hear(referral)
    await told.hear(reordered(rid, None, status="scheduled"))
    assert told.deliveries() == []
