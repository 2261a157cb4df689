"""A facility's signing secret is stored only sealed (AES-GCM under
``WEBHOOK_SECRET_KEY``, bound to the facility), still signs every delivery,
and is never logged; secrets stored in plain text by an earlier version are
sealed at start and keep working."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from pymongo import AsyncMongoClient

from services.notification.bootstrap import init_app
from shared.runtime import PLATFORM
from tests.integration.notification.conftest import (
    CLINIC,
    admit_a_patient_of,
    eventually,
    final_webhook,
    token,
)
from tests.integration.notification.test_webhooks import documented_verify

OTHER_CLINIC = "KZ-75-P02"
LEGACY_SECRET = "whsec_stored-in-plain-text-by-an-earlier-version-000"


def development(notification_settings):
    return notification_settings(
        sms_gateway_url="", smtp_host="", webhook_allow_local=True
    )


def legacy_registration(url: str) -> dict:
    now = datetime(2025, 1, 10, tzinfo=UTC)
    return {"url": url, "secret": LEGACY_SECRET, "created_at": now, "updated_at": now}


async def test_the_stored_registration_holds_no_plain_secret_and_deliveries_verify(
    aiohttp_client, notification_settings, receiver
):
    settings = development(notification_settings)
    client = await aiohttp_client(init_app(settings))
    answer = await client.put(
        f"/v1/facilities/{CLINIC}/webhook",
        json={"url": receiver[1]},
        headers=token(settings, "doctor"),
    )
    secret = (await answer.json())["secret"]
    stored = await client.app[PLATFORM].db["webhooks"].find_one({"_id": CLINIC})
    assert set(stored) == {"_id", "url", "created_at", "updated_at", "sealed_secret"}
    assert secret[6:] not in json.dumps(stored, default=str)
    rid = await admit_a_patient_of(client)
    record = await eventually(lambda: final_webhook(client.app, rid))
    assert record["status"] == "sent"
    request = receiver[0].requests[0]
    assert documented_verify()(secret, request["headers"], request["body"])


async def test_a_plain_secret_of_an_earlier_version_is_sealed_at_start_and_still_signs(
    aiohttp_client, notification_settings, receiver, mongo_url
):
    settings = development(notification_settings)
    mongo: AsyncMongoClient = AsyncMongoClient(mongo_url)
    webhooks = mongo[settings.database_name]["webhooks"]
    await webhooks.insert_one({"_id": CLINIC, **legacy_registration(receiver[1])})
    try:
        client = await aiohttp_client(init_app(settings))
        stored = await webhooks.find_one({"_id": CLINIC})
    finally:
        await mongo.close()
    assert "secret" not in stored and "sealed_secret" in stored
    assert LEGACY_SECRET[6:] not in json.dumps(stored, default=str)
    rid = await admit_a_patient_of(client)
    record = await eventually(lambda: final_webhook(client.app, rid))
    assert record["status"] == "sent"
    request = receiver[0].requests[0]
    assert documented_verify()(LEGACY_SECRET, request["headers"], request["body"])


async def test_a_plain_secret_written_while_running_signs_and_is_sealed_when_kept(
    aiohttp_client, notification_settings, receiver
):
    settings = development(notification_settings)
    client = await aiohttp_client(init_app(settings))
    webhooks = client.app[PLATFORM].db["webhooks"]
    await webhooks.insert_one({"_id": CLINIC, **legacy_registration(receiver[1])})
    rid = await admit_a_patient_of(client)
    assert (await eventually(lambda: final_webhook(client.app, rid)))[
        "status"
    ] == "sent"
    first = receiver[0].requests[0]
    assert documented_verify()(LEGACY_SECRET, first["headers"], first["body"])

    replaced = await client.put(
        f"/v1/facilities/{CLINIC}/webhook",
        json={"url": receiver[1] + "/v2"},
        headers=token(settings, "doctor"),
    )
    assert replaced.status == 200 and "secret" not in await replaced.json()
    stored = await webhooks.find_one({"_id": CLINIC})
    assert "secret" not in stored and "sealed_secret" in stored
    rid = await admit_a_patient_of(client)
    assert (await eventually(lambda: final_webhook(client.app, rid)))[
        "status"
    ] == "sent"
    second = receiver[0].requests[1]
    assert second["path"].endswith("/v2")
    assert documented_verify()(LEGACY_SECRET, second["headers"], second["body"])


async def test_a_sealed_secret_copied_to_another_facility_signs_nothing(
    aiohttp_client, notification_settings, receiver
):
    settings = development(notification_settings)
    client = await aiohttp_client(init_app(settings))
    await client.put(
        f"/v1/facilities/{CLINIC}/webhook",
        json={"url": receiver[1]},
        headers=token(settings, "doctor"),
    )
    webhooks = client.app[PLATFORM].db["webhooks"]
    copied = await webhooks.find_one({"_id": CLINIC})
    await webhooks.insert_one({**copied, "_id": OTHER_CLINIC})
    rid = await admit_a_patient_of(client, OTHER_CLINIC)
    record = await eventually(lambda: final_webhook(client.app, rid))
    assert (record["status"], record["attempts"]) == ("failed", 1)
    assert record["last_error"] == "webhook_secret_unreadable"
    assert receiver[0].requests == []


async def test_the_secret_is_never_logged(
    aiohttp_client, notification_settings, receiver, capsys
):
    settings = development(notification_settings)
    client = await aiohttp_client(init_app(settings))
    path = f"/v1/facilities/{CLINIC}/webhook"
    doctor = token(settings, "doctor")
    answer = await client.put(path, json={"url": receiver[1]}, headers=doctor)
    secrets = [(await answer.json())["secret"]]
    receiver[0].respond = lambda n: 503 if n == 1 else 204
    rid = await admit_a_patient_of(client)
    record = await eventually(lambda: final_webhook(client.app, rid))
    rotated = await client.put(
        path, json={"url": receiver[1], "rotate_secret": True}, headers=doctor
    )
    secrets.append((await rotated.json())["secret"])
    logged = capsys.readouterr().out
    assert record["_id"] in logged  # the dispatcher's lines were captured
    for secret in secrets:
        assert secret[6:] not in logged
