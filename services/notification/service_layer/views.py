"""Queries behind the HTTP views, answered from the repositories outside any
transaction: a facility's webhook and a referral's delivery records."""

from __future__ import annotations

from dataclasses import dataclass

from services.notification.domain.model import Contact, DeliveryRecord, Webhook
from services.notification.service_layer.errors import (
    ReferralNotFound,
    WebhookNotFound,
)
from services.notification.service_layer.unit_of_work import NotificationUnitOfWork


@dataclass(frozen=True)
class Notifications:
    contact: Contact
    deliveries: list[DeliveryRecord]


async def webhook_of(facility_id: str, uow: NotificationUnitOfWork) -> Webhook:
    webhook = await uow.reader().webhooks.get(facility_id)
    if webhook is None:
        raise WebhookNotFound()
    return webhook


async def notifications_of(
    referral_id: str, facility_id: str | None, uow: NotificationUnitOfWork
) -> Notifications:
    """The referral's delivery records, if it was referred by ``facility_id``
    (``None``: by any facility)."""
    reader = uow.reader()
    contact = await reader.contacts.get(referral_id)
    foreign = (
        contact is not None
        and facility_id is not None
        and facility_id != contact.referring_facility_id
    )
    if contact is None or foreign:
        raise ReferralNotFound()
    return Notifications(contact, await reader.deliveries.for_referral(referral_id))
