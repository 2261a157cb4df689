"""Registering and removing a facility's webhook through the bus, and the
queries behind the views, on the memory unit of work."""

from __future__ import annotations

import pytest

from services.notification.domain.commands import RegisterWebhook, RemoveWebhook
from services.notification.domain.model import Webhook
from services.notification.domain.webhook_address import NOT_PUBLIC, RefusedAddress
from services.notification.service_layer.errors import (
    ReferralNotFound,
    WebhookNotFound,
)
from services.notification.service_layer.views import notifications_of, webhook_of
from services.notification.service_layer.webhooks import (
    registration_lookup,
    seal_plain_secrets,
)
from tests.notification_events import CLINIC, queue_event, registered
from tests.unit.notification.memory import Service, service

URL = "https://his.test/k"
LEGACY = "whsec_stored-in-plain-text-by-an-earlier-version-000"


def stored(told: Service) -> Webhook:
    return told.uow.store.collection("webhooks")[CLINIC]


async def test_the_first_registration_makes_a_secret_stored_only_sealed():
    told = service()
    first = await told.bus.handle(RegisterWebhook(CLINIC, URL))
    assert first.created and first.new_secret.startswith("whsec_")
    assert first.created_at == first.updated_at == told.clock()
    webhook = stored(told)
    assert webhook.plain_secret is None and first.new_secret[6:] not in repr(webhook)
    lookup = registration_lookup(told.uow, told.bus.deps.secret_box)
    assert await lookup(CLINIC) == (URL, first.new_secret)
    assert await lookup("KZ-75-P02") is None


async def test_replacing_keeps_the_secret_and_rotating_makes_a_new_one():
    told = service()
    first = await told.bus.handle(RegisterWebhook(CLINIC, URL))
    created_at = first.created_at
    told.clock.moment = told.clock.moment.replace(hour=13)
    replaced = await told.bus.handle(RegisterWebhook(CLINIC, URL + "/v2"))
    assert (replaced.created, replaced.new_secret) == (False, None)
    assert (replaced.created_at, replaced.updated_at) == (created_at, told.clock())
    lookup = registration_lookup(told.uow, told.bus.deps.secret_box)
    assert await lookup(CLINIC) == (URL + "/v2", first.new_secret)
    rotated = await told.bus.handle(RegisterWebhook(CLINIC, URL, rotate_secret=True))
    assert rotated.new_secret not in (None, first.new_secret)
    assert await lookup(CLINIC) == (URL, rotated.new_secret)


async def test_a_refused_address_registers_nothing():
    told = service()
    told.bus.deps.webhook_addresses.refused[URL] = NOT_PUBLIC  # type: ignore[attr-defined]
    with pytest.raises(RefusedAddress, match=NOT_PUBLIC):
        await told.bus.handle(RegisterWebhook(CLINIC, URL))
    assert told.uow.store.collection("webhooks") == {}


async def test_a_plain_secret_of_an_earlier_version_signs_and_is_sealed():
    told = service()
    legacy = Webhook(CLINIC, URL, told.clock(), told.clock(), plain_secret=LEGACY)
    told.uow.store.collection("webhooks")[CLINIC] = legacy
    lookup = registration_lookup(told.uow, told.bus.deps.secret_box)
    assert await lookup(CLINIC) == (URL, LEGACY)
    assert await seal_plain_secrets(told.uow, told.bus.deps.secret_box) == 1
    assert stored(told).plain_secret is None
    assert await lookup(CLINIC) == (URL, LEGACY)
    assert await seal_plain_secrets(told.uow, told.bus.deps.secret_box) == 0


async def test_a_registration_that_keeps_a_plain_secret_seals_it():
    told = service()
    legacy = Webhook(CLINIC, URL, told.clock(), told.clock(), plain_secret=LEGACY)
    told.uow.store.collection("webhooks")[CLINIC] = legacy
    replaced = await told.bus.handle(RegisterWebhook(CLINIC, URL + "/v2"))
    assert replaced.new_secret is None and stored(told).plain_secret is None
    lookup = registration_lookup(told.uow, told.bus.deps.secret_box)
    assert await lookup(CLINIC) == (URL + "/v2", LEGACY)


async def test_removing_a_webhook_that_is_not_there_is_refused():
    told = service()
    await told.bus.handle(RegisterWebhook(CLINIC, URL))
    assert (await webhook_of(CLINIC, told.uow)).url == URL
    await told.bus.handle(RemoveWebhook(CLINIC))
    with pytest.raises(WebhookNotFound):
        await webhook_of(CLINIC, told.uow)
    with pytest.raises(WebhookNotFound):
        await told.bus.handle(RemoveWebhook(CLINIC))


async def test_a_webhook_delivery_is_recorded_only_for_a_registered_facility():
    told = service()
    referral = registered(consent=False)
    rid = referral.data["referral_id"]
    await told.hear(referral)
    await told.hear(queue_event("queue.entry_rejected", rid))
    assert told.deliveries() == []
    await told.bus.handle(RegisterWebhook(CLINIC, URL))
    await told.hear(queue_event("queue.patient_admitted", rid, version=2))
    [delivery] = told.deliveries()
    assert (delivery.channel, delivery.recipient) == ("webhook", CLINIC)
    assert delivery.content["payload"]["type"] == "referral.admitted"


async def test_only_the_referring_facility_or_an_admin_sees_the_records():
    told = service()
    referral = registered()
    rid = referral.data["referral_id"]
    await told.hear(referral)
    await told.hear(queue_event("queue.entry_placed", rid))
    mine = await notifications_of(rid, CLINIC, told.uow)
    assert mine.contact.hospitalization_code == "75-AB12CD-7"
    assert sorted(r.recipient for r in mine.deliveries) == [
        "+*********67",
        "p***@***.kz",
    ]
    assert len((await notifications_of(rid, None, told.uow)).deliveries) == 2
    for facility, referral_id in (("KZ-75-P02", rid), (CLINIC, "unknown")):
        with pytest.raises(ReferralNotFound):
            await notifications_of(referral_id, facility, told.uow)
