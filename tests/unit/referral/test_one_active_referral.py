"""One active referral per patient and bed profile, and a new code when the
drawn one is taken: through the HTTP API, on the in-memory store."""

from __future__ import annotations

import json

from tests.unit.referral.factories import CLINIC, OTHER_CLINIC, referral_body


async def test_one_active_referral_per_patient_and_bed_profile(client, auth):
    body = referral_body()
    first = await (await client.post("/v1/referrals", json=body, headers=auth())).json()
    again = await client.post("/v1/referrals", json=body, headers=auth())
    assert again.status == 409
    error = (await again.json())["error"]
    assert error["code"] == "active_referral_exists"
    assert first["hospitalization_code"] in error["message"]
    assert error["existing"] == {
        "hospitalization_code": first["hospitalization_code"],
        "referral_id": first["id"],
    }
    other_profile = {**body, "bed_profile": "narcology"}
    assert (
        await client.post("/v1/referrals", json=other_profile, headers=auth())
    ).status == 201


async def test_another_facility_learns_only_that_an_active_referral_exists(
    client, auth
):
    body = referral_body()
    first = await (await client.post("/v1/referrals", json=body, headers=auth())).json()
    elsewhere = await client.post(
        "/v1/referrals", json=body, headers=auth(facility=OTHER_CLINIC)
    )
    assert elsewhere.status == 409
    answer = await elsewhere.text()
    error = json.loads(answer)["error"]
    assert error["code"] == "active_referral_elsewhere"
    assert "existing" not in error
    for identifying in (first["hospitalization_code"], first["id"], CLINIC):
        assert identifying not in answer
    assert first["registered_at"][:10] not in answer


async def test_after_cancelling_a_new_referral_may_be_made(client, auth):
    body = referral_body()
    first = await (await client.post("/v1/referrals", json=body, headers=auth())).json()
    cancelled = await client.post(
        f"/v1/referrals/{first['id']}/cancel",
        json={"reason_code": "entered_in_error", "note": "wrong hospital chosen"},
        headers=auth(),
    )
    assert cancelled.status == 200
    second = await client.post("/v1/referrals", json=body, headers=auth())
    assert second.status == 201


async def test_a_code_already_taken_is_drawn_again(client, auth, deps):
    first = await (
        await client.post("/v1/referrals", json=referral_body(), headers=auth())
    ).json()
    fresh = deps.new_code
    drawn: list[str] = []

    def unlucky(region: str) -> str:
        code = first["hospitalization_code"] if not drawn else fresh(region)
        drawn.append(code)
        return code

    deps.new_code = unlucky
    response = await client.post("/v1/referrals", json=referral_body(), headers=auth())
    assert response.status == 201
    second = await response.json()
    assert drawn[0] == first["hospitalization_code"]
    assert second["hospitalization_code"] == drawn[-1] != drawn[0]
