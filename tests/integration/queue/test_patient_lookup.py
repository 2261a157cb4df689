"""The patients' lookup over HTTP: the answer is never stored by a cache, a
wrong code and a wrong IIN get the same 404, bad input a 422 naming the field,
and the flood guard per client a 429 with Retry-After (what the answer holds:
tests/unit/queue/patients/)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest

from services.queue.bootstrap import init_app
from tests.factories import random_iin
from tests.integration.queue.support import place
from tests.queue_builders import START, new_code, typed_loosely


async def lookup(client, body):
    response = await client.post("/v1/queue/lookup", json=body)
    return response.status, await response.json(), response.headers


async def test_a_patients_place_is_answered_and_never_stored_by_a_cache(client, bureau):
    await place(bureau, registered_at=START - timedelta(days=1))
    mine = await place(bureau)
    status, body, headers = await lookup(client, mine.lookup_body())
    assert status == 200 and headers["Cache-Control"] == "no-store"
    assert (body["status"], body["position"], body["queue_length"]) == ("waiting", 2, 2)


async def test_wrong_code_and_wrong_iin_get_the_same_answer(client, bureau):
    mine = await place(bureau)
    other_iin = random_iin()
    wrong_code = await lookup(client, {"code": new_code(), "iin": mine.iin})
    wrong_iin = await lookup(client, {"code": mine.code, "iin": other_iin})
    both_wrong = await lookup(client, {"code": new_code(), "iin": other_iin})
    assert wrong_code[0] == wrong_iin[0] == both_wrong[0] == 404
    assert wrong_code[1] == wrong_iin[1] == both_wrong[1]
    assert wrong_code[1]["error"]["code"] == "not_found"


async def test_the_code_is_read_as_people_type_it(client, bureau):
    mine = await place(bureau)
    for typed in (mine.code.lower(), typed_loosely(mine.code), f" {mine.code} "):
        status, body, _ = await lookup(client, {"code": typed, "iin": mine.iin})
        assert status == 200 and body["position"] == 1, typed


async def test_a_code_with_a_mistyped_symbol_is_a_422_naming_the_code(client, bureau):
    mine = await place(bureau)
    wrong = "Z" if mine.code[5] != "Z" else "Y"
    mistyped = mine.code[:5] + wrong + mine.code[6:]
    status, answer, _ = await lookup(client, {"code": mistyped, "iin": mine.iin})
    assert status == 422 and "mistyped" in answer["error"]["fields"]["code"][0]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"code": "KZ-75-X1", "iin": "123456789012"}, "iin"),
        ({"code": "KZ-75-X1", "iin": "79102830272"}, "iin"),
        ({"code": "<script>", "iin": "791028302728"}, "code"),
        ({"iin": "791028302728"}, "code"),
        ({"code": "KZ-75-X1", "iin": "791028302728", "name": "x"}, "name"),
    ],
)
async def test_bad_input_is_a_422_with_the_field(client, body, field):
    status, answer, _ = await lookup(client, body)
    assert status == 422 and field in answer["error"]["fields"]


async def test_a_mistyped_iin_with_a_real_code_is_told_as_such(client, bureau):
    mine = await place(bureau)
    mistyped = mine.iin[:11] + str((int(mine.iin[11]) + 1) % 10)
    status, answer, _ = await lookup(client, {"code": mine.code, "iin": mistyped})
    assert status == 422
    assert "check digit" in answer["error"]["fields"]["iin"][0]


@pytest.mark.parametrize(
    ("declared", "expected"),
    [("application/json; charset=utf-8", 200), ("text/plain", 415), (None, 415)],
)
async def test_the_declared_body_type_is_honoured(client, bureau, declared, expected):
    mine = await place(bureau)
    headers = {"Content-Type": declared} if declared else {}
    body = json.dumps(mine.lookup_body()).encode()
    response = await client.post(
        "/v1/queue/lookup",
        data=body,
        headers=headers,
        skip_auto_headers=["Content-Type"],
    )
    assert response.status == expected
    if expected == 200:
        assert (await response.json())["position"] == 1


async def test_a_body_that_is_not_json_is_a_400(client):
    response = await client.post(
        "/v1/queue/lookup", data=b"{nope", headers={"Content-Type": "application/json"}
    )
    assert response.status == 400


async def test_too_many_lookups_from_one_client_get_429(
    aiohttp_client, queue_settings, clock
):
    settings = replace(queue_settings, lookup_ip_burst=4, lookup_ip_per_minute=1)
    client = await aiohttp_client(init_app(settings, clock))
    bodies = [{"code": new_code(), "iin": random_iin()} for _ in range(5)]
    statuses = [(await lookup(client, body))[0] for body in bodies]
    assert statuses == [404, 404, 404, 404, 429]
    status, body, headers = await lookup(client, bodies[0])
    assert status == 429 and body["error"]["code"] == "too_many_requests"
    assert 1 <= int(headers["Retry-After"]) <= 60
    clock.advance(seconds=60)
    assert (await lookup(client, bodies[0]))[0] == 404
