"""The patients' API: lookup by code + IIN, the same 404 for a wrong code
and a wrong IIN, the flood guard, and leaving the queue (the guess budget
and the one-time codes: test_lookup_guesses.py)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest

from services.queue.bootstrap import init_app
from services.queue.waiting_list.domain import commands
from services.queue.waiting_list.domain.actors import Actor
from tests.integration.queue.support import (
    START,
    Replica,
    handle,
    make_iin,
    new_code,
    place,
)

CLERK = Actor("hospital", "clerk-1")
ANSWER_KEYS = {
    "status",
    "position",
    "queue_length",
    "estimated_admission",
    "scheduled_date",
    "hospital",
    "changed",
    "updated_at",
}


async def lookup(client, body):
    response = await client.post("/v1/queue/lookup", json=body)
    return response.status, await response.json(), response.headers


async def test_a_patient_sees_place_estimate_and_hospital_but_nothing_revealing(
    client, bureau
):
    ahead = await place(bureau, registered_at=START - timedelta(days=1))
    mine = await place(bureau)
    status, body, headers = await lookup(client, mine.lookup_body())
    assert status == 200 and set(body) == ANSWER_KEYS
    assert (body["status"], body["position"], body["queue_length"]) == ("waiting", 2, 2)
    band = body["estimated_admission"]
    assert START.date().isoformat() < band["earliest"] <= band["latest"]
    assert body["hospital"]["name"] == "Regional Mental Health Centre, Almaty"
    assert set(body["hospital"]) == {"name", "address", "phone"}
    assert body["changed"]["reason"] == "placed"
    assert headers["Cache-Control"] == "no-store"
    text = str(body).lower()
    assert "psychiatr" not in text and mine.iin not in text and ahead.code not in text


async def test_wrong_code_and_wrong_iin_get_the_same_answer(client, bureau):
    mine = await place(bureau)
    other_iin = make_iin()
    wrong_code = await lookup(client, {"code": new_code(), "iin": mine.iin})
    wrong_iin = await lookup(client, {"code": mine.code, "iin": other_iin})
    both_wrong = await lookup(client, {"code": new_code(), "iin": other_iin})
    assert wrong_code[0] == wrong_iin[0] == both_wrong[0] == 404
    assert wrong_code[1] == wrong_iin[1] == both_wrong[1]
    assert wrong_code[1]["error"]["code"] == "not_found"


async def test_the_code_is_case_insensitive(client, bureau):
    mine = await place(bureau)
    status, body, _ = await lookup(client, {"code": mine.code.lower(), "iin": mine.iin})
    assert status == 200 and body["position"] == 1


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


async def test_ten_wrong_iins_for_a_code_do_not_keep_its_patient_out(client, bureau):
    mine = await place(bureau)
    for _ in range(10):
        wrong = make_iin()
        if wrong != mine.iin:
            assert (await lookup(client, {"code": mine.code, "iin": wrong}))[0] == 404
    status, body, _ = await lookup(client, mine.lookup_body())
    assert status == 200 and body["position"] == 1
    for _ in range(8):  # nor do right lookups use up anything (20 a minute here)
        assert (await lookup(client, mine.lookup_body()))[0] == 200


async def test_the_21st_guess_of_a_day_gets_one_answer_for_right_and_wrong_iin(
    aiohttp_client, queue_settings, clock
):
    settings = replace(queue_settings, lookup_ip_burst=100)
    client = await aiohttp_client(init_app(settings, clock))
    mine = await place(Replica(client.app))
    wrong = [iin for iin in (make_iin() for _ in range(25)) if iin != mine.iin][:20]
    assert settings.lookup_guesses_per_day == len(wrong) == 20
    for iin in wrong:
        assert (await lookup(client, {"code": mine.code, "iin": iin}))[0] == 404
    right = await lookup(client, mine.lookup_body())
    stranger = await lookup(client, {"code": mine.code, "iin": wrong[0]})
    assert right[:2] == stranger[:2]
    assert right[0] == 403 and right[1]["error"]["code"] == "verification_required"


async def test_too_many_lookups_from_one_client_get_429(
    aiohttp_client, queue_settings, clock
):
    settings = replace(queue_settings, lookup_ip_burst=4, lookup_ip_per_minute=1)
    client = await aiohttp_client(init_app(settings, clock))
    bodies = [{"code": new_code(), "iin": make_iin()} for _ in range(5)]
    statuses = [(await lookup(client, body))[0] for body in bodies]
    assert statuses == [404, 404, 404, 404, 429]
    status, body, headers = await lookup(client, bodies[0])
    assert status == 429 and body["error"]["code"] == "too_many_requests"
    assert 1 <= int(headers["Retry-After"]) <= 60
    clock.advance(seconds=60)
    assert (await lookup(client, bodies[0]))[0] == 404


async def test_the_reason_the_position_moved(client, bureau):
    first = await place(bureau, registered_at=START - timedelta(hours=2))
    mine = await place(bureau, registered_at=START - timedelta(hours=1))
    for _ in range(2):
        await place(bureau, priority="urgent")
    body = (await lookup(client, mine.lookup_body()))[1]
    assert body["position"] == 4
    assert (body["changed"]["reason"], body["changed"]["count"]) == (
        "urgent_placed_ahead",
        2,
    )
    on = bureau.today() + timedelta(days=1)
    await handle(commands.Schedule(entry_id=first.entry_id, actor=CLERK, on=on), bureau)
    body = (await lookup(client, mine.lookup_body()))[1]
    assert body["position"] == 3
    assert (body["changed"]["reason"], body["changed"]["count"]) == ("ahead_left", 1)
    first_view = (await lookup(client, first.lookup_body()))[1]
    assert first_view["status"] == "scheduled" and first_view["position"] is None
    assert first_view["scheduled_date"] == on.isoformat()
    assert first_view["estimated_admission"] == {
        "earliest": on.isoformat(),
        "latest": on.isoformat(),
    }


async def test_a_patient_can_leave_the_queue(client, bureau):
    mine, behind = await place(bureau), await place(bureau)
    response = await client.post(
        "/v1/queue/cancel",
        json={
            **mine.lookup_body(),
            "reason_code": "treated_elsewhere",
            "note": "at my aunt's clinic",
        },
    )
    body = await response.json()
    assert response.status == 200 and body["status"] == "cancelled"
    assert (await lookup(client, behind.lookup_body()))[1]["position"] == 1
    doc = await bureau.db.outbox.find_one(
        {"envelope.event_type": "queue.entry_cancelled"}
    )
    data = doc["envelope"]["data"]
    assert (data["actor"], data["reason_code"]) == ("patient", "treated_elsewhere")
    assert "aunt" not in str(doc)
    again = await client.post(
        "/v1/queue/cancel", json={**mine.lookup_body(), "reason_code": "moved"}
    )
    assert again.status == 409
    assert (await again.json())["error"]["current_status"] == "cancelled"


async def test_leaving_needs_the_right_iin_and_a_reason_code(client, bureau):
    mine = await place(bureau)
    wrong = await client.post(
        "/v1/queue/cancel",
        json={"code": mine.code, "iin": make_iin(), "reason_code": "moved"},
    )
    assert wrong.status == 404
    missing = await client.post("/v1/queue/cancel", json=mine.lookup_body())
    assert missing.status == 422
    assert "moved" in (await missing.json())["error"]["fields"]["reason_code"][0]
    words = await client.post(
        "/v1/queue/cancel", json={**mine.lookup_body(), "reason": "I moved"}
    )
    assert "reason_code" in (await words.json())["error"]["fields"]["reason"][0]
    assert bureau.book.get(mine.code).status == "waiting"


async def test_the_api_is_documented(client):
    document = await (await client.get("/openapi.json")).json()
    assert {
        "/v1/queue/lookup",
        "/v1/queue/cancel",
        "/v1/facilities",
        "/v1/queues/{queue_id}/log",
    } <= set(document["paths"])
    for path in ("/v1/queue/lookup", "/v1/queue/cancel"):
        operation = document["paths"][path]["post"]
        assert {"403", "404", "422", "429"} <= set(operation["responses"])
        assert "verification_required" in operation["responses"]["403"]["description"]
        assert "one-time code" in operation["description"]
        body = operation["requestBody"]["content"]["application/json"]["schema"]
        name = body["$ref"].rsplit("/", 1)[-1]
        assert "one_time_code" in document["components"]["schemas"][name]["properties"]
    assert (await client.get("/docs")).status == 200


async def test_unknown_paths_and_methods_are_answered_in_the_error_shape(client):
    missing = await client.get("/v1/no/such/thing")
    assert missing.status == 404
    assert (await missing.json())["error"]["code"] == "not_found"
    assert "X-Correlation-ID" in missing.headers
    wrong_method = await client.get("/v1/queue/lookup")
    assert wrong_method.status == 405
    assert "POST" in wrong_method.headers["Allow"]
    assert (await wrong_method.json())["error"]["code"] == "method_not_allowed"
