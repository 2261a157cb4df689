"""Facilities register a webhook; rejections, expiries and admissions reach
it signed, verifiable with the scheme documented in WEBHOOKS.md."""

from __future__ import annotations

import json
import time

from services.notification.bootstrap import init_app
from shared.runtime import PLATFORM
from tests.documents import Document
from tests.fake_hosts import FixedResolver
from tests.integration.notification.conftest import (
    CLINIC,
    HOSPITAL,
    deliveries_of,
    eventually,
    queue_event,
    registered,
    token,
)

DOC = "services/notification/WEBHOOKS.md"
PATH = f"/v1/facilities/{CLINIC}/webhook"


def documented_verify():
    """The verification function exactly as WEBHOOKS.md shows it."""
    [code] = Document.at(DOC).blocks("python")
    namespace: dict = {}
    exec(code.text, namespace)  # noqa: S102 - our own documentation
    return namespace["verify"]


def his_resolver() -> FixedResolver:
    """``his.test`` is a public name; no test here sends anything to it."""
    return FixedResolver({"his.test": ["93.184.216.34"]})


async def test_registering_a_webhook(aiohttp_client, notification_settings):
    settings = notification_settings()
    client = await aiohttp_client(init_app(settings, resolver=his_resolver()))
    doctor = token(settings, "doctor")
    first = await client.put(PATH, json={"url": "https://his.test/k"}, headers=doctor)
    assert first.status == 201
    assert first.headers["Cache-Control"] == "no-store"
    created = await first.json()
    assert (
        created["secret"].startswith("whsec_")
        and created["url"] == "https://his.test/k"
    )
    get = await client.get(PATH, headers=doctor)
    assert get.headers["Cache-Control"] == "no-store"
    shown = await get.json()
    assert "secret" not in shown and shown["url"] == "https://his.test/k"

    replaced = await client.put(
        PATH, json={"url": "https://his.test/v2"}, headers=doctor
    )
    assert replaced.status == 200
    assert replaced.headers["Cache-Control"] == "no-store"
    assert "secret" not in await replaced.json()
    stored = await client.app[PLATFORM].db["webhooks"].find_one({"_id": CLINIC})
    assert stored["url"] == "https://his.test/v2"
    assert "secret" not in stored
    assert created["secret"][6:] not in json.dumps(stored, default=str)

    admin = token(settings, "admin", "KZ-00-ADMIN")
    rotated = await client.put(
        PATH, json={"url": "https://his.test/v2", "rotate_secret": True}, headers=admin
    )
    assert (await rotated.json())["secret"] not in (None, created["secret"])

    assert (await client.delete(PATH, headers=doctor)).status == 204
    assert (await client.get(PATH, headers=doctor)).status == 404
    assert (await client.delete(PATH, headers=doctor)).status == 404


async def test_webhook_registration_refuses_bad_callers_and_bad_input(
    aiohttp_client, notification_settings
):
    settings = notification_settings()
    client = await aiohttp_client(init_app(settings, resolver=his_resolver()))
    doctor = token(settings, "doctor")
    body = {"url": "https://his.test/k"}
    cases = [
        (PATH, body, {}, 401),
        (PATH, body, token(settings, "doctor", "KZ-75-P02"), 403),
        (PATH, body, token(settings, "hospital", CLINIC), 403),
        ("/v1/facilities/KZ-99-X99/webhook", body, token(settings, "admin"), 404),
        (PATH, {"url": "ftp://his.test/k"}, doctor, 422),
        (PATH, {"url": "not a url"}, doctor, 422),
        (PATH, {"url": "https://his.test/k", "extra": 1}, doctor, 422),
        (PATH, {}, doctor, 422),
    ]
    for path, payload, headers, status in cases:
        answer = await client.put(path, json=payload, headers=headers)
        assert answer.status == status, (payload, headers, await answer.text())
        assert (await answer.json())["error"]["status"] == status
    bad = await client.put(PATH, json={"url": 5}, headers=doctor)
    assert "url" in (await bad.json())["error"]["fields"]
    not_json = await client.put(
        PATH, data=b"{", headers={**doctor, "Content-Type": "application/json"}
    )
    assert not_json.status == 400
    plain = await client.put(PATH, json={"url": "http://his.test/k"}, headers=doctor)
    assert plain.status == 422
    error = (await plain.json())["error"]
    assert error["fields"] == {"url": ["Must be an https:// URL."]}
    assert await client.app[PLATFORM].db["webhooks"].count_documents({}) == 0

    development = notification_settings(webhook_allow_local=True)
    local = await aiohttp_client(init_app(development, resolver=his_resolver()))
    answer = await local.put(
        PATH, json={"url": "http://his.test/k"}, headers=token(development, "doctor")
    )
    assert answer.status == 201


async def register_the_receiver(client, settings, receiver) -> str:
    """Registers the receiver as the facility's webhook; returns its secret."""
    answer = await client.put(
        PATH, json={"url": receiver[1]}, headers=token(settings, "doctor")
    )
    return (await answer.json())["secret"]


async def publish_a_referral_through_its_queue_life(client) -> str:
    """A referral without consent, then placed, rejected, expired, admitted
    and cancelled by its own doctor; returns its id."""
    publisher = client.app[PLATFORM].publisher
    referral = registered(consent=False)
    rid = referral.data["referral_id"]
    await publisher.publish(referral)
    life = ("entry_placed", "entry_rejected", "entry_expired", "patient_admitted")
    for event_type in life:
        await publisher.publish(queue_event(f"queue.{event_type}", rid))
    by_doctor = {"actor": "doctor:dr-aliya", "reason_code": "duplicate"}
    await publisher.publish(queue_event("queue.entry_cancelled", rid, **by_doctor))
    return rid


def verified_payloads(requests: list[dict], secret: str) -> list[dict]:
    """Each request's payload, once its signature proved it (and only it)."""
    verify = documented_verify()
    payloads = []
    for request in requests:
        headers, body = request["headers"], request["body"]
        assert verify(secret, headers, body)
        assert not verify(secret, headers, body[:-1] + b',"status":"admitted"}')
        assert not verify("whsec_other", headers, body)
        assert not verify(secret, headers, body, now=time.time() + 600)
        assert headers["X-Kezek-Delivery"] == headers["Idempotency-Key"]
        payloads.append(json.loads(body))
    return payloads


async def test_every_change_but_its_own_cancellation_reaches_the_facility_signed(
    aiohttp_client, notification_settings, receiver
):
    settings = notification_settings(
        sms_gateway_url="", smtp_host="", webhook_allow_local=True
    )
    client = await aiohttp_client(init_app(settings))
    secret = await register_the_receiver(client, settings, receiver)
    rid = await publish_a_referral_through_its_queue_life(client)
    await eventually(lambda: len(receiver[0].requests) >= 4)
    records = await eventually(lambda: _sent_webhooks(client.app, rid, 4))
    assert len(records) == 4
    payloads = verified_payloads(receiver[0].requests, secret)
    assert sorted(p["type"] for p in payloads) == [
        "referral.admitted",
        "referral.expired",
        "referral.placed",
        "referral.rejected",
    ]
    by_type = {p["type"]: p for p in payloads}
    rejected = by_type["referral.rejected"]
    assert rejected["reason_code"] == "no_beds_for_profile" and "reason" not in rejected
    assert rejected["referral_id"] == rid
    assert by_type["referral.expired"]["reinstatable_until"] == "2025-05-10"
    assert all("iin" not in p and "phone" not in p for p in payloads)


async def test_an_emergency_elsewhere_tells_the_referrer_and_thanks_the_patient(
    aiohttp_client, notification_settings, receiver, smtp
):
    settings = notification_settings(sms_gateway_url="", webhook_allow_local=True)
    client = await aiohttp_client(init_app(settings))
    await client.put(PATH, json={"url": receiver[1]}, headers=token(settings, "doctor"))
    publisher = client.app[PLATFORM].publisher
    referral = registered(language="ru")
    rid = referral.data["referral_id"]
    await publisher.publish(referral)
    closed = queue_event(
        "queue.entry_cancelled",
        rid,
        version=2,
        status="cancelled",
        reason_code="admitted_elsewhere",
        actor="system",
    )
    await publisher.publish(closed)
    sent = await eventually(lambda: _sent_webhooks(client.app, rid, 1))
    [record] = [r for r in sent if r["channel"] == "webhook"]
    [request] = receiver[0].requests
    assert request["headers"]["X-Kezek-Event"] == "referral.closed"
    assert json.loads(request["body"]) == {
        "id": record["_id"],
        "type": "referral.closed",
        "occurred_at": closed.occurred_at.isoformat(),
        "referral_id": rid,
        "hospitalization_code": referral.data["hospitalization_code"],
        "hospital_id": HOSPITAL,
        "status": "cancelled",
        "reason_code": "admitted_elsewhere",
        "reinstatable_until": None,
        "closed_by": "system",
    }
    [mail] = await eventually(lambda: smtp[0].mails)
    assert "Госпитализация по направлению" in mail.text
    assert "отменено" not in mail.text


async def _sent_webhooks(app, referral_id, count):
    records = await deliveries_of(app, referral_id)
    sent = [r for r in records if r["status"] == "sent"]
    return sent if len(sent) >= count else None


async def test_a_failing_receiver_gets_the_same_delivery_again(
    aiohttp_client, notification_settings, receiver
):
    receiver[0].respond = lambda n: 503 if n == 1 else 204
    settings = notification_settings(
        sms_gateway_url="", smtp_host="", webhook_allow_local=True
    )
    client = await aiohttp_client(init_app(settings))
    await client.put(PATH, json={"url": receiver[1]}, headers=token(settings, "admin"))
    publisher = client.app[PLATFORM].publisher
    referral = registered()
    rid = referral.data["referral_id"]
    await publisher.publish(referral)
    await publisher.publish(queue_event("queue.patient_admitted", rid))
    records = await eventually(lambda: _sent_webhooks(client.app, rid, 1))
    assert records[0]["attempts"] == 2
    deliveries = [r["headers"]["X-Kezek-Delivery"] for r in receiver[0].requests]
    assert deliveries == [records[0]["_id"]] * 2
