"""A retried registration with an Idempotency-Key gets the first answer
back: through the HTTP API, on the in-memory store."""

from __future__ import annotations

from datetime import timedelta

from tests.unit.referral.factories import referral_body


async def test_a_retried_post_returns_the_first_answer(client, auth, uow):
    body = referral_body()
    headers = {**auth(), "Idempotency-Key": "c0ffee-0001"}
    first = await client.post("/v1/referrals", json=body, headers=headers)
    retry = await client.post("/v1/referrals", json=body, headers=headers)
    assert first.status == retry.status == 201
    assert await first.json() == await retry.json()
    assert first.headers["Location"] == retry.headers["Location"]
    assert retry.headers["Idempotent-Replayed"] == "true"
    listing = await (await client.get("/v1/referrals", headers=auth())).json()
    assert len(listing["items"]) == 1
    assert len(uow.store.outbox) == 1


async def test_the_same_key_with_another_body_is_refused(client, auth):
    headers = {**auth(), "Idempotency-Key": "c0ffee-0003"}
    assert (
        await client.post("/v1/referrals", json=referral_body(), headers=headers)
    ).status == 201
    other = await client.post("/v1/referrals", json=referral_body(), headers=headers)
    assert other.status == 422
    error = (await other.json())["error"]
    assert error["code"] == "idempotency_key_reused"
    assert error["message"] == (
        "This Idempotency-Key was already used for a different request body; "
        "send a new key for a new referral."
    )
    assert error["fields"] == {"Idempotency-Key": [error["message"]]}


async def test_keys_belong_to_one_doctor(client, auth):
    body = referral_body()
    key = {"Idempotency-Key": "c0ffee-0004"}
    first = await client.post("/v1/referrals", json=body, headers={**auth(), **key})
    colleague = {**auth(subject="dr-other"), **key}
    second = await client.post("/v1/referrals", json=referral_body(), headers=colleague)
    assert first.status == second.status == 201
    assert (await first.json())["id"] != (await second.json())["id"]


async def test_a_refused_request_does_not_use_up_its_key(client, auth):
    body = referral_body()
    headers = {**auth(), "Idempotency-Key": "c0ffee-0005"}
    bad = await client.post(
        "/v1/referrals", json={**body, "diagnosis": "F20.09"}, headers=headers
    )
    assert bad.status == 422
    corrected = await client.post("/v1/referrals", json=body, headers=headers)
    assert corrected.status == 201
    retry = await client.post("/v1/referrals", json=body, headers=headers)
    assert await retry.json() == await corrected.json()


async def test_a_malformed_key_is_refused(client, auth):
    headers = {**auth(), "Idempotency-Key": "has spaces in it"}
    response = await client.post("/v1/referrals", json=referral_body(), headers=headers)
    assert response.status == 422
    error = (await response.json())["error"]
    assert error["code"] == "validation_failed"
    assert error["fields"] == {
        "Idempotency-Key": ["Use 1 to 255 visible ASCII characters, e.g. a UUID."]
    }


async def test_a_key_is_kept_for_the_ttl_and_then_forgotten(client, auth, deps):
    body = referral_body()
    headers = {**auth(), "Idempotency-Key": "c0ffee-0006"}
    first = await (
        await client.post("/v1/referrals", json=body, headers=headers)
    ).json()
    real_clock = deps.clock
    deps.clock = lambda: real_clock() + timedelta(hours=47, minutes=59)
    replayed = await client.post("/v1/referrals", json=body, headers=headers)
    assert replayed.headers["Idempotent-Replayed"] == "true"
    assert (await replayed.json())["id"] == first["id"]
    deps.clock = lambda: real_clock() + timedelta(hours=48, minutes=1)
    forgotten = await client.post("/v1/referrals", json=body, headers=headers)
    assert forgotten.status == 409  # a new registration: the first is active
    assert (await forgotten.json())["error"]["code"] == "active_referral_exists"
