"""What the notification service keeps of a referral's patient: the
language, the consent and the addresses the patient consented to, from the
referral service's events (the only place it learns of them)."""

from __future__ import annotations

from services.notification.domain.model import Contact
from services.notification.service_layer.dependencies import Dependencies
from services.notification.service_layer.unit_of_work import NotificationChange
from shared.contracts import Envelope


async def remember_contact(envelope: Envelope, deps: Dependencies) -> None:
    """``referral.registered``, and ``referral.updated`` when the doctor's
    edit changed the contact (a newer version replaces it; a withdrawn
    consent forgets the addresses). An edit of tests or priority alone
    changes nothing here."""
    data = envelope.data
    if data.get("contact") is None:
        return
    contact = data["contact"]
    consent = bool(contact["consent"])
    remembered = Contact(
        referral_id=data["referral_id"],
        hospitalization_code=data["hospitalization_code"],
        referring_facility_id=data["referring_facility_id"],
        language=contact["language"],
        consent=consent,
        phone=contact.get("phone") if consent else None,
        email=contact.get("email") if consent else None,
        version=data["version"],
    )

    async def work(tx: NotificationChange) -> None:
        await tx.contacts.save(remembered, deps.clock())

    await deps.uow.run(work, handled_event_id=envelope.event_id)
