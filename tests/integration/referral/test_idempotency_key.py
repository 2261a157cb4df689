from __future__ import annotations

import asyncio

from tests.unit.referral.factories import referral_body


async def test_a_retried_post_returns_the_first_answer(client, auth):
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


async def test_concurrent_retries_make_one_referral(client, auth):
    body = referral_body()
    headers = {**auth(), "Idempotency-Key": "c0ffee-0002"}
    answers = await asyncio.gather(
        *[client.post("/v1/referrals", json=body, headers=headers) for _ in range(3)]
    )
    assert [a.status for a in answers] == [201, 201, 201]
    assert len({(await a.json())["id"] for a in answers}) == 1


async def test_the_same_key_with_another_body_is_refused(client, auth):
    headers = {**auth(), "Idempotency-Key": "c0ffee-0003"}
    assert (
        await client.post("/v1/referrals", json=referral_body(), headers=headers)
    ).status == 201
    other = await client.post("/v1/referrals", json=referral_body(), headers=headers)
    assert other.status == 422
    error = (await other.json())["error"]
    assert error["code"] == "idempotency_key_reused"
    assert "Idempotency-Key" in error["fields"]


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
    assert "Idempotency-Key" in (await response.json())["error"]["fields"]
