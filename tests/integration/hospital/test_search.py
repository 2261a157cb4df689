"""POST /v1/entries/search over HTTP: a code found however it is typed, an
IIN sent in the body only, a mistyped code, an invalid IIN or nothing to
search by refused with 422 naming the field, and another hospital's clerk
answered exactly as for an unknown patient (what a search finds:
tests/unit/queue/hospital/test_patient_search.py)."""

from __future__ import annotations

from services.queue.hospital.entrypoints.responses import FoundEntry, SearchAnswer
from tests.factories import random_iin
from tests.integration.hospital.support import json_of
from tests.integration.queue.support import place
from tests.queue_builders import ELSEWHERE, new_code, typed_loosely


async def search(desk, body):
    return await desk.client.post(
        "/v1/entries/search", json=body, headers=desk.headers()
    )


async def test_a_code_is_found_however_it_is_typed(desk, bureau):
    placed = await place(bureau)
    for typed in (
        placed.code,
        typed_loosely(placed.code),
        f"  {placed.code.lower()} ",
        placed.code.replace("1", "l"),
    ):
        response = await search(desk, {"code": typed})
        found = await json_of(response)
        assert response.headers["Cache-Control"] == "no-store"
        assert set(found) == set(SearchAnswer().fields)
        [row] = found["entries"]
        assert set(row) == set(FoundEntry().fields)
        assert (row["entry_id"], row["iin"]) == (placed.entry_id, placed.iin), typed


async def test_an_iin_is_searched_in_the_body(desk, bureau):
    placed = await place(bureau)
    found = await json_of(await search(desk, {"iin": placed.iin}))
    assert [row["entry_id"] for row in found["entries"]] == [placed.entry_id]
    both = await json_of(await search(desk, {"code": placed.code, "iin": placed.iin}))
    assert both == found


async def test_bad_searches_are_refused_naming_the_field(desk, bureau):
    await place(bureau)
    for body, named in (
        ({"code": "75-XXXX"}, {"code"}),
        ({"code": 75}, {"code"}),
        ({"iin": "123456789012"}, {"iin"}),
        ({"iin": "880315400128", "color": "red"}, {"color"}),
        ({}, {"code", "iin"}),
        ({"code": None, "iin": None}, {"code", "iin"}),
    ):
        answer = await json_of(await search(desk, body), 422)
        assert set(answer["error"]["fields"]) == named, body
        assert "123456789012" not in str(answer)
    refused = await desk.client.get(
        "/v1/entries/search", params={"iin": random_iin()}, headers=desk.headers()
    )
    assert refused.status == 405


async def test_another_hospitals_clerk_finds_nothing_of_these_patients(desk, bureau):
    placed = await place(bureau)
    emergency = random_iin()
    await json_of(await desk.emergency(emergency), 201)
    intruder = desk.other(ELSEWHERE)

    unknown = await json_of(await search(intruder, {"code": new_code()}))
    assert unknown == {"entries": []}
    for body in (
        {"code": placed.code},
        {"iin": placed.iin},
        {"code": placed.code, "iin": placed.iin},
        {"iin": emergency},
    ):
        assert await json_of(await search(intruder, body)) == unknown, body
    ours = await json_of(await search(desk, {"iin": emergency}))
    assert [row["kind"] for row in ours["entries"]] == ["emergency"]
