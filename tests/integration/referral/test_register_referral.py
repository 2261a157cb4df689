"""Registering on the real Mongo-wire server and broker: the event reaches
the broker, concurrent registrations make one, and the answer shows the
time as the store keeps it."""

from __future__ import annotations

import asyncio

from tests.integration.helpers import event_probe
from tests.unit.referral.factories import referral_body


async def test_the_registration_event_reaches_the_broker(
    client, auth, settings, amqp_url
):
    async with event_probe(amqp_url, settings.kezek_namespace, "referral.*") as probe:
        body = referral_body()
        response = await client.post("/v1/referrals", json=body, headers=auth())
        created = await response.json()
        event = await probe.wait_for("referral.registered", referral_id=created["id"])
    assert event["producer"] == "referral"
    assert event["data"]["hospitalization_code"] == created["hospitalization_code"]
    assert body["diagnosis"] not in str(event["data"])


async def test_concurrent_referrals_for_one_patient_make_one(client, auth):
    body = referral_body()
    responses = await asyncio.gather(
        *[client.post("/v1/referrals", json=body, headers=auth()) for _ in range(4)]
    )
    statuses = sorted(r.status for r in responses)
    assert statuses == [201, 409, 409, 409]
    listing = await (
        await client.post(
            "/v1/referrals/search", json={"iin": body["patient"]["iin"]}, headers=auth()
        )
    ).json()
    assert len(listing["items"]) == 1


async def test_the_answer_and_the_referral_agree_on_the_registration_time(client, auth):
    response = await client.post("/v1/referrals", json=referral_body(), headers=auth())
    created = await response.json()
    shown = await (
        await client.get(response.headers["Location"], headers=auth())
    ).json()
    assert shown["registered_at"] == created["registered_at"]
    assert shown["valid_until"] == created["valid_until"]
    assert shown["hospitalization_code"] == created["hospitalization_code"]
