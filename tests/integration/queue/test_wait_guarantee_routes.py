"""The guarantee's routes on the real store: the bureau's list for admins
only, the referring doctor's alternatives for their own referrals only
(another facility's is a 404), both answers no-store and without the IIN."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from services.queue.bootstrap import init_app
from tests.factories import bearer
from tests.integration.queue.support import Replica, place

MAX_DAYS = 30


@pytest.fixture
async def guaranteed(aiohttp_client, queue_settings, clock) -> Any:
    settings = replace(queue_settings, max_wait_days=f"psychiatry={MAX_DAYS}")
    return await aiohttp_client(init_app(settings, clock))


def token(client: Any, role: str, facility: str) -> dict[str, str]:
    return bearer(Replica(client.app).settings, role, facility)


async def test_the_bureau_lists_the_entries_in_breach_for_admins_only(
    guaranteed, clock
):
    bureau = Replica(guaranteed.app)
    placed = await place(bureau)
    clock.advance(days=MAX_DAYS + 3)
    assert (await guaranteed.get("/v1/wait-guarantee")).status == 401
    doctor = token(guaranteed, "doctor", "KZ-75-P01")
    assert (await guaranteed.get("/v1/wait-guarantee", headers=doctor)).status == 403
    admin = token(guaranteed, "admin", "KZ-75-P01")
    response = await guaranteed.get(
        "/v1/wait-guarantee", params={"region": "75"}, headers=admin
    )
    assert response.status == 200
    assert response.headers["Cache-Control"] == "no-store"
    listed = await response.json()
    [row] = listed["entries"]
    assert (row["entry_id"], row["referral_id"]) == (
        placed.entry_id,
        placed.referral_id,
    )
    assert (row["flag"], row["days_over"]) == ("in_breach", 3)
    assert placed.iin not in await response.text()
    bad = await guaranteed.get(
        "/v1/wait-guarantee", params={"flag": "late"}, headers=admin
    )
    assert bad.status == 422
    assert "flag" in (await bad.json())["error"]["fields"]


async def test_the_referring_doctor_sees_the_alternatives_no_one_else(
    guaranteed, clock
):
    bureau = Replica(guaranteed.app)
    placed = await place(bureau)
    clock.advance(days=MAX_DAYS + 1)
    path = f"/v1/referrals/{placed.referral_id}/alternatives"
    own = token(guaranteed, "doctor", "KZ-75-P01")
    response = await guaranteed.get(path, headers={**own, "Accept-Language": "ru"})
    assert response.status == 200
    assert response.headers["Cache-Control"] == "no-store"
    answer = await response.json()
    assert answer["entry_id"] == placed.entry_id
    found = answer["wait_guarantee"]
    assert (found["max_wait_days"], found["flag"]) == (MAX_DAYS, "in_breach")
    assert placed.iin not in await response.text()
    other = token(guaranteed, "doctor", "KZ-75-P02")
    refused = await guaranteed.get(path, headers=other)
    assert refused.status == 404
    missing = await guaranteed.get("/v1/referrals/nope/alternatives", headers=own)
    assert missing.status == 404
    assert (await refused.json()) == (await missing.json())
    clerk = token(guaranteed, "hospital", "KZ-75-M01")
    assert (await guaranteed.get(path, headers=clerk)).status == 403


async def test_the_referring_doctor_reads_a_pages_places_no_one_else(guaranteed):
    bureau = Replica(guaranteed.app)
    first, second = await place(bureau), await place(bureau)
    asked = [("referral_id", p.referral_id) for p in (second, first)]
    asked.append(("referral_id", "f" * 32))
    own = token(guaranteed, "doctor", "KZ-75-P01")
    response = await guaranteed.get(
        "/v1/referrals/positions", params=asked, headers=own
    )
    assert response.status == 200
    assert response.headers["Cache-Control"] == "no-store"
    items = {i["referral_id"]: i for i in (await response.json())["items"]}
    assert {r: (i["position"], i["queue_length"]) for r, i in items.items()} == {
        first.referral_id: (1, 2),
        second.referral_id: (2, 2),
    }
    assert first.iin not in await response.text()
    other = token(guaranteed, "doctor", "KZ-75-P02")
    foreign = await guaranteed.get(
        "/v1/referrals/positions", params=asked, headers=other
    )
    assert (foreign.status, await foreign.json()) == (200, {"items": []})
    clerk = token(guaranteed, "hospital", "KZ-75-M01")
    refused = await guaranteed.get(
        "/v1/referrals/positions", params=asked, headers=clerk
    )
    assert refused.status == 403


async def test_more_than_fifty_referrals_at_once_are_refused(guaranteed):
    own = token(guaranteed, "doctor", "KZ-75-P01")
    for asked in ([("referral_id", f"{n:032x}") for n in range(51)], []):
        response = await guaranteed.get(
            "/v1/referrals/positions", params=asked, headers=own
        )
        assert response.status == 422
        assert "referral_id" in (await response.json())["error"]["fields"]
