"""The notification service's behaviour: the two maps at the end.

Event handlers only record, in one transaction with the inbox entry, what
must be sent. Sending happens later, outside any transaction, in the
dispatcher.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from services.notification.domain.commands import RegisterWebhook, RemoveWebhook
from services.notification.domain.facility_webhooks import (
    WEBHOOK_TYPES,
    facility_payload,
)
from services.notification.domain.model import Contact, Delivery, delivery_key
from services.notification.domain.notices import (
    HANDLED_EVENTS,
    LOOKUP_NOTICES,
    closes_for_good,
    lookup_notice,
    patient_notice,
)
from services.notification.domain.planning import (
    facility_delivery,
    patient_delivery,
)
from services.notification.domain.superseding import Said, still_to_say
from services.notification.domain.texts import render
from services.notification.service_layer.contacts import remember_contact
from services.notification.service_layer.dependencies import Dependencies
from services.notification.service_layer.errors import ContactNotYetKnown
from services.notification.service_layer.unit_of_work import NotificationChange
from services.notification.service_layer.webhooks import (
    register_webhook,
    remove_webhook,
)
from shared.contracts import Envelope
from shared.logging import get_logger

log = get_logger(__name__)
ENTRY_CHANGES = sorted({*HANDLED_EVENTS, *WEBHOOK_TYPES} - {"queue.request_refused"})
"""The queue's events about a change of an entry: told to the patient, to
the referring facility, or both."""


async def record_deliveries(envelope: Envelope, deps: Dependencies) -> None:
    data = envelope.data
    notice = patient_notice(envelope.event_type, data)
    occurred_at = envelope.occurred_at.isoformat()
    payload = facility_payload(envelope.event_type, data, occurred_at)
    if notice is None and payload is None:
        return
    now = deps.clock()

    async def work(tx: NotificationChange) -> list[Delivery]:
        if notice is None and await tx.contacts.get(data["referral_id"]) is None:
            return []  # an entry of no referral (an emergency admission's)
        contact = await _contact(tx, data["referral_id"])
        if data["version"] < await tx.contacts.queue_version(contact.referral_id):
            log.info("event_stale_skipped", referral_id=contact.referral_id)
            return []
        await tx.contacts.advance_queue_version(contact.referral_id, data["version"])
        planned = []
        if notice is not None and contact.consent:
            said = Said(notice, state=data["status"])
            planned += await _to_patient(tx, envelope, said, contact, deps, now)
        planned += await _to_facility(tx, envelope, payload, now)
        await tx.deliveries.add(planned)
        if closes_for_good(envelope.event_type, data):
            await tx.contacts.forget_addresses(contact.referral_id)
        return planned

    planned = await deps.uow.run(work, handled_event_id=envelope.event_id)
    _recorded(data["referral_id"], planned, deps)


async def tell_facility(envelope: Envelope, deps: Dependencies) -> None:
    """The queue's refusal of a doctor's request: to the facility's webhook
    only. Not a change of the entry: no version is checked or advanced."""
    occurred_at = envelope.occurred_at.isoformat()
    payload = facility_payload(envelope.event_type, envelope.data, occurred_at)
    now = deps.clock()

    async def work(tx: NotificationChange) -> list[Delivery]:
        planned = await _to_facility(tx, envelope, payload, now)
        await tx.deliveries.add(planned)
        return planned

    planned = await deps.uow.run(work, handled_event_id=envelope.event_id)
    _recorded(envelope.data["referral_id"], planned, deps)


async def _to_facility(
    tx: NotificationChange,
    envelope: Envelope,
    payload: dict[str, Any] | None,
    now: datetime,
) -> list[Delivery]:
    """The webhook delivery, if the facility is told and has a webhook."""
    facility = envelope.data["referring_facility_id"]
    if payload is None or not await tx.webhooks.get(facility):
        return []
    return [
        facility_delivery(
            envelope.event_id, envelope.event_type, facility, payload, now=now
        )
    ]


async def tell_of_lookup(envelope: Envelope, deps: Dependencies) -> None:
    """The patient lookup's one-time code or its warning, to the contact on
    file. Not a change of the entry: no version is checked or advanced."""
    data = envelope.data
    now = deps.clock()
    notice = lookup_notice(envelope.event_type, data, now)

    async def work(tx: NotificationChange) -> list[Delivery]:
        contact = await _contact(tx, data["referral_id"])
        if notice is None or not contact.consent:
            return []
        planned = await _to_patient(tx, envelope, Said(notice), contact, deps, now)
        await tx.deliveries.add(planned)
        return planned

    planned = await deps.uow.run(work, handled_event_id=envelope.event_id)
    _recorded(data["referral_id"], planned, deps)


async def _contact(tx: NotificationChange, referral_id: str) -> Contact:
    contact = await tx.contacts.get(referral_id)
    if contact is None:
        raise ContactNotYetKnown(referral_id)
    return contact


def _recorded(referral_id: str, planned: list[Delivery], deps: Dependencies) -> None:
    channels = sorted(d.channel for d in planned)
    log.info("deliveries_recorded", referral_id=referral_id, channels=channels)
    if planned:
        deps.wake_dispatcher()


async def _to_patient(
    tx: NotificationChange,
    envelope: Envelope,
    said: Said,
    contact: Contact,
    deps: Dependencies,
    now: datetime,
) -> list[Delivery]:
    """A delivery per consented address on an enabled channel. One that
    tells of a change of the entry supersedes the referral's earlier ones on
    its channel that still wait, and carries on a date of theirs that still
    holds."""
    planned = []
    for channel, address in contact.patient_addresses():
        if channel not in deps.channels:
            continue
        key = delivery_key(envelope.event_id, channel, address)
        told = await _superseding(
            tx, said, (contact.referral_id, channel), key, deps, now
        )
        message = render(
            told.combined,
            contact.language,
            deps.catalogue,
            code=contact.hospitalization_code,
            link=deps.status_page_url,
            sender=deps.sender,
        )
        delivery = patient_delivery(
            envelope.event_id,
            envelope.event_type,
            contact,
            (channel, address),
            message,
            told,
            now=now,
            quiet_hours=deps.quiet_hours,
        )
        planned.append(delivery)
    return planned


async def _superseding(
    tx: NotificationChange,
    said: Said,
    on: tuple[str, str],
    key: str,
    deps: Dependencies,
    now: datetime,
) -> Said:
    """What delivery ``key`` says once it supersedes the earlier waiting
    messages ``on`` its (referral, channel); a lookup's messages supersede
    none."""
    if said.state is None:
        return said
    referral_id, channel = on
    held = await tx.deliveries.supersede(referral_id, channel, key, now)
    if held:
        superseded = [d.key for d in held]
        log.info(
            "deliveries_superseded",
            referral_id=referral_id,
            channel=channel,
            superseded=superseded,
            by=key,
        )
    zone = deps.quiet_hours.zone
    carried = still_to_say(held, said.notice, said.state, now=now, zone=zone)
    return replace(said, carried=carried)


EventHandler = Callable[[Envelope, Dependencies], Awaitable[None]]
EVENT_HANDLERS: dict[str, EventHandler] = {
    "referral.registered": remember_contact,
    "referral.updated": remember_contact,
    **{event_type: record_deliveries for event_type in ENTRY_CHANGES},
    "queue.request_refused": tell_facility,
    **{event_type: tell_of_lookup for event_type in LOOKUP_NOTICES},
}
CommandHandler = Callable[[Any, Dependencies], Awaitable[Any]]
COMMAND_HANDLERS: dict[type, CommandHandler] = {
    RegisterWebhook: register_webhook,
    RemoveWebhook: remove_webhook,
}
