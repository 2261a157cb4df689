"""While its MongoDB is down the referral service answers 503 with
``Retry-After`` in the error shape (never 500) and is not ready; once the
store is back the same request succeeds, without restarting the service, and
its event goes out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from services.referral.bootstrap import init_app
from services.referral.settings import ReferralSettings
from shared.embedded import SecantusServer
from shared.http.errors import ErrorSchema
from tests.integration.helpers import crash, event_probe
from tests.unit.referral.factories import referral_body


@pytest.fixture
def settings(
    make_settings: Callable[..., Any], own_store: SecantusServer
) -> ReferralSettings:
    """The service on a store of this test's own, giving up on a write after
    3 s (10 by default)."""
    return make_settings(ReferralSettings, mongo_url=own_store.url, store_timeout_s=3.0)


@pytest.fixture
async def client(
    settings: ReferralSettings, referral_events_sink: None, aiohttp_client: Any
) -> Any:
    """The app is set up after the store and closed before it."""
    return await aiohttp_client(init_app(settings))


async def test_a_store_outage_answers_503_and_the_service_recovers_when_it_is_back(
    client, auth, own_store, settings, amqp_url
):
    before = await client.post("/v1/referrals", json=referral_body(), headers=auth())
    assert before.status == 201, await before.text()
    body = referral_body()

    crash(own_store)
    refused = await client.post("/v1/referrals", json=body, headers=auth())
    assert refused.status == 503, await refused.text()
    assert 1 <= int(refused.headers["Retry-After"]) <= 30
    error = ErrorSchema().load(await refused.json())["error"]
    assert (error["status"], error["code"]) == (503, "store_unavailable")
    assert "database" in error["message"]
    ready = await client.get("/readyz")
    assert ready.status == 503
    checks = (await ready.json())["checks"]
    assert checks["mongo"].startswith("unavailable"), checks
    assert checks["rabbitmq"] == "ok"

    own_store.start()
    async with event_probe(amqp_url, settings.kezek_namespace, "referral.*") as probe:
        # The same patient and bed profile: had the refused request written
        # anything, this would be 409 (one active referral per patient).
        accepted = await client.post("/v1/referrals", json=body, headers=auth())
        assert accepted.status == 201, await accepted.text()
        created = await accepted.json()
        await probe.wait_for("referral.registered", referral_id=created["id"])
    assert (await client.get("/readyz")).status == 200
