"""Concurrent retries of a registration on the real Mongo-wire server make
one referral, and every retry gets its answer."""

from __future__ import annotations

import asyncio

from tests.unit.referral.factories import referral_body


async def test_concurrent_retries_make_one_referral(client, auth):
    body = referral_body()
    headers = {**auth(), "Idempotency-Key": "c0ffee-0002"}
    answers = await asyncio.gather(
        *[client.post("/v1/referrals", json=body, headers=headers) for _ in range(3)]
    )
    assert [a.status for a in answers] == [201, 201, 201]
    assert len({(await a.json())["id"] for a in answers}) == 1
