"""Following and cancelling referrals through the HTTP API, on the in-memory
store."""

from __future__ import annotations

from typing import Any

from tests.unit.referral.factories import OTHER_CLINIC, referral_body


async def register(client: Any, headers: dict[str, str], **overrides: Any) -> dict:
    response = await client.post(
        "/v1/referrals", json=referral_body(**overrides), headers=headers
    )
    assert response.status == 201, await response.text()
    return dict(await response.json())


async def test_another_facilitys_referral_is_not_found(client, auth):
    created = await register(client, auth())
    other = auth(facility=OTHER_CLINIC)
    shown = await client.get(f"/v1/referrals/{created['id']}", headers=other)
    assert shown.status == 404
    missing = await client.get(f"/v1/referrals/{'0' * 32}", headers=auth())
    assert (await shown.json()) == (await missing.json())
    cancel = await client.post(
        f"/v1/referrals/{created['id']}/cancel",
        json={"reason_code": "duplicate"},
        headers=other,
    )
    assert cancel.status == 404
    listing = await (await client.get("/v1/referrals", headers=other)).json()
    assert listing["items"] == []
    assert (await client.get("/v1/referrals/not-an-id", headers=auth())).status == 404


async def test_the_list_shows_own_referrals_newest_first_with_a_masked_iin(
    client, auth
):
    made = [await register(client, auth()) for _ in range(3)]
    await register(client, auth(facility="KZ-75-P02"))
    first = await (
        await client.get("/v1/referrals", params={"page_size": "2"}, headers=auth())
    ).json()
    second = await (
        await client.get(
            "/v1/referrals", params={"page_size": "2", "page": "2"}, headers=auth()
        )
    ).json()
    ids = [item["id"] for item in first["items"] + second["items"]]
    assert ids == [m["id"] for m in reversed(made)]
    assert first["has_more"] is True and second["has_more"] is False
    item = first["items"][0]
    assert item["patient_iin"].startswith("********") and len(item["patient_iin"]) == 12
    assert item["status"] == "registered"


async def test_the_list_filters_by_status_code_and_patient(client, auth):
    kept = await register(client, auth())
    dropped = await register(client, auth())
    await client.post(
        f"/v1/referrals/{dropped['id']}/cancel",
        json={"reason_code": "duplicate"},
        headers=auth(),
    )

    async def ids(**params: str) -> list[str]:
        response = await client.get("/v1/referrals", params=params, headers=auth())
        assert response.status == 200, await response.text()
        return [item["id"] for item in (await response.json())["items"]]

    assert await ids(status="cancelled") == [dropped["id"]]
    assert await ids(status="registered") == [kept["id"]]
    loose_code = kept["hospitalization_code"].replace("-", "").lower()
    assert await ids(code=loose_code) == [kept["id"]]
    shown = await (
        await client.get(f"/v1/referrals/{kept['id']}", headers=auth())
    ).json()
    search = await client.post(
        "/v1/referrals/search",
        json={"iin": shown["patient"]["iin"], "status": "registered"},
        headers=auth(),
    )
    assert [item["id"] for item in (await search.json())["items"]] == [kept["id"]]
    in_url = await client.get(
        "/v1/referrals", params={"iin": shown["patient"]["iin"]}, headers=auth()
    )
    assert in_url.status == 422
    bad = await client.get("/v1/referrals", params={"status": "lost"}, headers=auth())
    assert bad.status == 422
    assert "status" in (await bad.json())["error"]["fields"]


async def test_mine_lists_only_the_callers_referrals_of_the_facility(client, auth):
    mine = await register(client, auth())
    colleague = auth(subject="dr-berik")
    theirs = await register(client, colleague)
    await register(client, auth(facility="KZ-75-P02"))

    async def ids(headers: dict[str, str], **params: str) -> list[str]:
        response = await client.get("/v1/referrals", params=params, headers=headers)
        assert response.status == 200, await response.text()
        return [item["id"] for item in (await response.json())["items"]]

    assert await ids(auth(), mine="true") == [mine["id"]]
    assert await ids(colleague, mine="true") == [theirs["id"]]
    assert await ids(auth(), mine="false") == [theirs["id"], mine["id"]]
    assert await ids(auth(), mine="true", status="cancelled") == []
    bad = await client.get("/v1/referrals", params={"mine": "yes"}, headers=auth())
    assert bad.status == 422
    assert "mine" in (await bad.json())["error"]["fields"]


async def test_cancelling_records_who_and_why_and_tells_the_queue(client, auth, uow):
    created = await register(client, auth())
    response = await client.post(
        f"/v1/referrals/{created['id']}/cancel",
        json={
            "reason_code": "condition_improved",
            "note": "patient chose outpatient care, call +77011234567",
        },
        headers=auth(subject="dr-bolat"),
    )
    assert response.status == 200
    event = uow.store.outbox[-1]
    assert (event.event_type, event.producer) == ("referral.cancelled", "referral")
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
    assert event.data == {
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


async def test_cancel_needs_a_reason_code_and_refuses_words_in_its_place(client, auth):
    created = await register(client, auth())
    path = f"/v1/referrals/{created['id']}/cancel"
    response = await client.post(path, json={}, headers=auth())
    assert response.status == 422
    assert (
        "patient_request"
        in (await response.json())["error"]["fields"]["reason_code"][0]
    )
    words = await client.post(path, json={"reason": "moved away"}, headers=auth())
    assert words.status == 422
    assert "reason_code" in (await words.json())["error"]["fields"]["reason"][0]
    shown = await (
        await client.get(f"/v1/referrals/{created['id']}", headers=auth())
    ).json()
    assert shown["status"] == "registered"


async def test_the_openapi_document_describes_every_route(client):
    document = await (await client.get("/openapi.json")).json()
    paths = document["paths"]
    assert set(paths["/v1/referrals"]) == {"get", "post"}
    post = paths["/v1/referrals"]["post"]
    assert {"201", "409", "413", "422"} <= set(post["responses"])
    assert any(p["name"] == "Idempotency-Key" for p in post["parameters"])
    assert "90 days" in str(document)
    assert "post" in paths["/v1/referrals/{referral_id}/cancel"]
    assert "get" in paths["/v1/referrals/{referral_id}"]
    docs = await client.get("/docs")
    assert docs.status == 200 and "/v1/referrals" in await docs.text()
