"""Event handlers: they only record, in one transaction with the inbox entry,
what must be sent. Sending happens later, outside any transaction, in the
dispatcher."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from services.notification.adapters.deliveries import MongoDeliveries
from services.notification.adapters.repositories import MongoContacts, MongoWebhooks
from services.notification.domain.model import Contact, Delivery
from services.notification.domain.notices import (
    CLOSING_EVENTS,
    HANDLED_EVENTS,
    LOOKUP_NOTICES,
    Notice,
    facility_payload,
    lookup_notice,
    patient_notice,
)
from services.notification.domain.planning import (
    facility_delivery,
    patient_deliveries,
)
from services.notification.domain.schedule import Clock, QuietHours
from services.notification.domain.texts import Catalogue, render
from shared.contracts import Envelope
from shared.logging import get_logger
from shared.messaging import EventHandler
from shared.mongo_unit_of_work import MongoChange, MongoUnitOfWork

log = get_logger(__name__)


class ContactNotYetKnown(Exception):
    """A queue event overtook its ``referral.registered``: failing the handler
    sends it through the consumer's retry queues until the contact is here."""


@dataclass
class Context:
    uow: MongoUnitOfWork[MongoChange]
    catalogue: Catalogue
    clock: Clock
    quiet_hours: QuietHours
    channels: frozenset[str]
    status_page_url: str
    sender: str
    wake_dispatcher: Callable[[], None] = lambda: None


async def remember_contact(envelope: Envelope, ctx: Context) -> None:
    data = envelope.data
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

    async def work(tx: MongoChange) -> None:
        await MongoContacts(tx.db, tx.session).save(remembered, ctx.clock())

    await ctx.uow.run(work, handled_event_id=envelope.event_id)


async def record_deliveries(envelope: Envelope, ctx: Context) -> None:
    data = envelope.data
    notice = patient_notice(envelope.event_type, data)
    occurred_at = envelope.occurred_at.isoformat()
    payload = facility_payload(envelope.event_type, data, occurred_at)
    if notice is None and payload is None:
        return
    now = ctx.clock()

    async def work(tx: MongoChange) -> list[Delivery]:
        contacts = MongoContacts(tx.db, tx.session)
        contact = await contacts.get(data["referral_id"])
        if contact is None:
            raise ContactNotYetKnown(data["referral_id"])
        if data["version"] < await contacts.queue_version(contact.referral_id):
            log.info("event_stale_skipped", referral_id=contact.referral_id)
            return []
        await contacts.advance_queue_version(contact.referral_id, data["version"])
        planned = []
        if notice is not None and contact.consent:
            planned += _to_patient(envelope, notice, contact, ctx, now)
        facility = data["referring_facility_id"]
        if payload is not None and await MongoWebhooks(tx.db, tx.session).get(facility):
            planned.append(
                facility_delivery(
                    envelope.event_id, envelope.event_type, facility, payload, now=now
                )
            )
        await MongoDeliveries(tx.db, tx.session).add(planned)
        if envelope.event_type in CLOSING_EVENTS:
            await contacts.forget_addresses(contact.referral_id)
        return planned

    planned = await ctx.uow.run(work, handled_event_id=envelope.event_id)
    channels = sorted(d.channel for d in planned)
    log.info("deliveries_recorded", referral_id=data["referral_id"], channels=channels)
    if planned:
        ctx.wake_dispatcher()


async def tell_of_lookup(envelope: Envelope, ctx: Context) -> None:
    """The patient lookup's one-time code or its warning, to the contact on
    file. Not a change of the entry: no version is checked or advanced."""
    data = envelope.data
    now = ctx.clock()
    notice = lookup_notice(envelope.event_type, data, now)

    async def work(tx: MongoChange) -> list[Delivery]:
        contacts = MongoContacts(tx.db, tx.session)
        contact = await contacts.get(data["referral_id"])
        if contact is None:
            raise ContactNotYetKnown(data["referral_id"])
        if notice is None or not contact.consent:
            return []
        planned = _to_patient(envelope, notice, contact, ctx, now)
        await MongoDeliveries(tx.db, tx.session).add(planned)
        return planned

    planned = await ctx.uow.run(work, handled_event_id=envelope.event_id)
    channels = sorted(d.channel for d in planned)
    log.info("deliveries_recorded", referral_id=data["referral_id"], channels=channels)
    if planned:
        ctx.wake_dispatcher()


def _to_patient(
    envelope: Envelope, notice: Notice, contact: Contact, ctx: Context, now: datetime
) -> list[Delivery]:
    message = render(
        notice,
        contact.language,
        ctx.catalogue,
        code=contact.hospitalization_code,
        link=ctx.status_page_url,
        sender=ctx.sender,
    )
    return patient_deliveries(
        envelope.event_id,
        envelope.event_type,
        contact,
        message,
        channels=ctx.channels,
        now=now,
        quiet_hours=ctx.quiet_hours,
        any_hour=notice.any_hour,
    )


Handler = Callable[[Envelope, Context], Awaitable[None]]
EVENT_HANDLERS: dict[str, Handler] = {
    "referral.registered": remember_contact,
    **{event_type: record_deliveries for event_type in HANDLED_EVENTS},
    **{event_type: tell_of_lookup for event_type in LOOKUP_NOTICES},
}


def bind(ctx: Context) -> dict[str, EventHandler]:
    def bound(handler: Handler) -> Callable[[Envelope], Awaitable[None]]:
        async def handle(envelope: Envelope) -> None:
            await handler(envelope, ctx)

        return handle

    return {event_type: bound(h) for event_type, h in EVENT_HANDLERS.items()}
