"""A retried registration on the real Mongo-wire server: its first answer
comes back, and concurrent retries make one referral."""

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
