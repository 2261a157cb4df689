"""Who the lookup limits count: the client behind a trusted proxy, never a
spoofed X-Forwarded-For; and with RATE_LIMIT_STORE=mongo, two replicas share
one budget per code, one flood guard per client and the one-time codes."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from services.queue.bootstrap import init_app
from services.queue.patients.entrypoints.keys import GATE
from tests.factories import random_iin
from tests.integration.queue.support import Replica, outbox_events, place
from tests.queue_builders import new_code


def stranger() -> dict[str, str]:
    return {"code": new_code(), "iin": random_iin()}


async def replica_knows(client, code: str, timeout: float = 10.0) -> None:
    """Wait until the replica's book has applied the entry (change stream)."""
    for _ in range(int(timeout / 0.05)):
        if Replica(client.app).book.get(code) is not None:
            return
        await asyncio.sleep(0.05)
    raise TimeoutError(f"the replica never saw {code}")


async def statuses(client, count, **headers):
    found = []
    for _ in range(count):
        response = await client.post(
            "/v1/queue/lookup", json=stranger(), headers=headers
        )
        found.append(response.status)
    return found


async def test_an_untrusted_peer_cannot_dodge_the_flood_guard_with_a_header(
    aiohttp_client, queue_settings, clock
):
    settings = replace(queue_settings, lookup_ip_burst=2, lookup_ip_per_minute=1)
    client = await aiohttp_client(init_app(settings, clock))
    first = await statuses(client, 2, **{"X-Forwarded-For": "198.51.100.1"})
    second = await statuses(client, 1, **{"X-Forwarded-For": "198.51.100.2"})
    assert first + second == [404, 404, 429]


async def test_behind_a_trusted_proxy_each_client_has_its_own_flood_guard(
    aiohttp_client, queue_settings, clock
):
    settings = replace(
        queue_settings,
        lookup_ip_burst=2,
        lookup_ip_per_minute=1,
        trusted_proxies="127.0.0.0/8,::1",
    )
    client = await aiohttp_client(init_app(settings, clock))
    one = {"X-Forwarded-For": "6.6.6.6, 198.51.100.1"}
    assert await statuses(client, 3, **one) == [404, 404, 429]
    assert await statuses(client, 2, **{"X-Forwarded-For": "198.51.100.2"}) == [
        404,
        404,
    ]
    spoofed_left = {"X-Forwarded-For": "198.51.100.9, 198.51.100.1"}
    assert await statuses(client, 1, **spoofed_left) == [429]


async def test_two_replicas_with_the_mongo_store_share_a_codes_budget(
    aiohttp_client, queue_settings, clock
):
    settings = replace(
        queue_settings,
        rate_limit_store="mongo",
        lookup_guesses_per_day=4,
        lookup_ip_burst=1000,
    )
    a = await aiohttp_client(init_app(settings, clock))
    b = await aiohttp_client(init_app(settings, clock))
    mine = await place(Replica(a.app))
    await replica_knows(b, mine.code)
    for replica in (a, b, a, b):
        wrong = {"code": mine.code, "iin": random_iin()}
        assert (await replica.post("/v1/queue/lookup", json=wrong)).status == 404
    answer = await a.post("/v1/queue/lookup", json=mine.lookup_body())
    assert answer.status == 403
    await a.app[GATE].afterwards.settle()
    (sent,) = await outbox_events(Replica(a.app), "queue.verification_requested")
    with_code = {**mine.lookup_body(), "one_time_code": sent["data"]["one_time_code"]}
    answer = await b.post("/v1/queue/lookup", json=with_code)
    assert answer.status == 200
    assert (await a.post("/v1/queue/lookup", json=mine.lookup_body())).status == 403
    await b.post("/v1/queue/lookup", json=mine.lookup_body())  # within the minute
    await b.app[GATE].afterwards.settle()
    assert len(await outbox_events(Replica(a.app), "queue.verification_requested")) == 1


async def test_two_replicas_with_the_mongo_store_share_a_clients_flood_guard(
    aiohttp_client, queue_settings, clock
):
    settings = replace(
        queue_settings,
        rate_limit_store="mongo",
        lookup_ip_burst=3,
        lookup_ip_per_minute=1,
    )
    a = await aiohttp_client(init_app(settings, clock))
    b = await aiohttp_client(init_app(settings, clock))
    found = [*await statuses(a, 2), *await statuses(b, 1), *await statuses(a, 1)]
    assert found == [404, 404, 404, 429]
    assert await statuses(b, 1) == [429]
