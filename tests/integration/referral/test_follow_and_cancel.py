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


async def test_cancelling_records_who_and_why_and_tells_the_queue(
    client, auth, settings, amqp_url
):
    created = await register(client, auth())
    async with event_probe(amqp_url, settings.kezek_namespace, "referral.*") as probe:
        response = await client.post(
            f"/v1/referrals/{created['id']}/cancel",
            json={
                "reason_code": "condition_improved",
                "note": "patient chose outpatient care, call +77011234567",
            },
            headers=auth(subject="dr-bolat"),
        )
        assert response.status == 200
        event = await probe.wait_for("referral.cancelled", referral_id=created["id"])
    referral = await response.json()
    shown = await client.get(f"/v1/referrals/{created['id']}", headers=auth())
    assert await shown.json() == referral
    assert referral["status"] == "cancelled"
    last = referral["history"][-1]
    assert last["actor"] == "doctor:dr-bolat"
    assert (last["reason_code"], last["note"]) == (
        "condition_improved",
        "patient chose outpatient care, call +77011234567",
    )
    assert event["data"] == {
        "referral_id": created["id"],
        "hospitalization_code": created["hospitalization_code"],
        "version": 2,
        "reason_code": "condition_improved",
        "actor": "doctor:dr-bolat",
    }
    again = await client.post(
        f"/v1/referrals/{created['id']}/cancel",
        json={"reason_code": "duplicate"},
        headers=auth(),
    )
    assert again.status == 409
    assert (await again.json())["error"]["code"] == "referral_closed"
