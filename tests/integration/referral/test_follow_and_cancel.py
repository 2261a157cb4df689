"""A cancellation's event reaches the broker, on the real Mongo-wire server."""

from __future__ import annotations

from typing import Any

from tests.integration.helpers import event_probe
from tests.unit.referral.factories import referral_body


async def register(client: Any, headers: dict[str, str], **overrides: Any) -> dict:
    response = await client.post(
        "/v1/referrals", json=referral_body(**overrides), headers=headers
    )
    assert response.status == 201, await response.text()
    return dict(await response.json())


async def test_the_cancellation_event_reaches_the_broker(
    client, auth, settings, amqp_url
):
    created = await register(client, auth())
    async with event_probe(amqp_url, settings.kezek_namespace, "referral.*") as probe:
        response = await client.post(
            f"/v1/referrals/{created['id']}/cancel",
            json={"reason_code": "condition_improved"},
            headers=auth(subject="dr-bolat"),
        )
        assert response.status == 200
        event = await probe.wait_for("referral.cancelled", referral_id=created["id"])
    assert event["producer"] == "referral"
    data = event["data"]
    assert (data["version"], data["reason_code"]) == (2, "condition_improved")
