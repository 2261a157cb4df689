"""GET /v1/notifications: the referring doctor (or an admin) sees what was
sent, without message bodies or contact data."""

from __future__ import annotations

import json

from services.notification.bootstrap import init_app
from shared.runtime import PLATFORM
from tests.integration.notification.conftest import (
    deliveries_of,
    eventually,
    queue_event,
    registered,
    token,
)

FIELDS = {
    "delivery_id",
    "event_type",
    "channel",
    "recipient",
    "language",
    "status",
    "attempts",
    "created_at",
    "updated_at",
    "next_attempt_at",
    "sent_at",
    "last_error",
    "superseded_by",
}


async def test_the_referring_doctor_sees_delivery_records_without_bodies(
    aiohttp_client, notification_settings, smtp, gateway
):
    settings = notification_settings()
    client = await aiohttp_client(init_app(settings))
    publisher = client.app[PLATFORM].publisher
    referral = registered(language="kk", email="aigerim@mail.kz")
    rid = referral.data["referral_id"]
    await publisher.publish(referral)
    await publisher.publish(queue_event("queue.entry_placed", rid))
    await eventually(lambda: _sent(client.app, rid))

    answer = await client.get(
        "/v1/notifications",
        params={"referral_id": rid},
        headers=token(settings, "doctor"),
    )
    assert answer.status == 200
    listing = await answer.json()
    assert listing["referral_id"] == rid
    assert listing["hospitalization_code"] == "75-AB12CD-7"
    assert listing["patient_consent"] is True
    deliveries = sorted(listing["deliveries"], key=lambda d: d["channel"])
    assert [set(d) for d in deliveries] == [FIELDS, FIELDS]
    assert [d["recipient"] for d in deliveries] == ["a***@***.kz", "+*********67"]
    assert [(d["status"], d["attempts"]) for d in deliveries] == [("sent", 1)] * 2
    raw = json.dumps(listing)
    for secret in ("aigerim", "7011234567", "кезекте", "https://kezek.test"):
        assert secret not in raw

    admin = token(settings, "admin", "KZ-00-ADMIN")
    seen_by_admin = await client.get(
        "/v1/notifications", params={"referral_id": rid}, headers=admin
    )
    assert seen_by_admin.status == 200


async def _sent(app, rid):
    records = await deliveries_of(app, rid)
    return len(records) == 2 and all(r["status"] == "sent" for r in records)


async def test_others_cannot_list_a_referrals_notifications(
    aiohttp_client, notification_settings
):
    settings = notification_settings(sms_gateway_url="", smtp_host="")
    client = await aiohttp_client(init_app(settings))
    referral = registered()
    rid = referral.data["referral_id"]
    await client.app[PLATFORM].publisher.publish(referral)
    doctor = token(settings, "doctor")

    async def contact_known():
        return await client.app[PLATFORM].db["contacts"].find_one({"_id": rid})

    await eventually(contact_known)
    cases = [
        ({"referral_id": rid}, {}, 401),
        ({"referral_id": rid}, token(settings, "hospital", "KZ-75-H01"), 403),
        ({"referral_id": rid}, token(settings, "doctor", "KZ-75-P02"), 404),
        ({"referral_id": "unknown"}, doctor, 404),
        ({}, doctor, 422),
        ({"referral_id": rid, "iin": "1"}, doctor, 422),
    ]
    for params, headers, status in cases:
        answer = await client.get("/v1/notifications", params=params, headers=headers)
        assert answer.status == status, (params, await answer.text())
    mine = await client.get(
        "/v1/notifications", params={"referral_id": rid}, headers=doctor
    )
    assert (await mine.json())["deliveries"] == []


async def test_the_api_is_documented(aiohttp_client, notification_settings):
    client = await aiohttp_client(init_app(notification_settings()))
    document = await (await client.get("/openapi.json")).json()
    assert set(document["paths"]) == {
        "/v1/notifications",
        "/v1/facilities/{facility_id}/webhook",
    }
    assert (await client.get("/readyz")).status == 200
