"""A patient leaves the queue over HTTP: the same checks as the lookup (code
and IIN, the one-time code once the code's guesses are spent, the flood
guard), a 422 naming a missing or free-text reason, a 409 once cancelled
(the entry, the event and the note: tests/unit/queue/patients/)."""

from __future__ import annotations

from dataclasses import replace

from services.queue.bootstrap import init_app
from services.queue.patients.entrypoints.keys import GATE
from tests.factories import random_iin
from tests.integration.queue.support import Replica, outbox_events, place
from tests.queue_builders import new_code, typed_loosely

GUESSES = 5
NOTE = "at my aunt's clinic"


def wrong_iin(right: str) -> str:
    while (other := random_iin()) == right:
        pass
    return other


async def leave(client, **body):
    response = await client.post("/v1/queue/cancel", json=body)
    return response.status, await response.json(), response.headers


async def test_a_patient_can_leave_the_queue(client, bureau):
    mine = await place(bureau)
    status, body, headers = await leave(
        client, **mine.lookup_body(), reason_code="treated_elsewhere", note=NOTE
    )
    assert status == 200 and body["status"] == "cancelled"
    assert headers["Cache-Control"] == "no-store"
    status, body, _ = await leave(client, **mine.lookup_body(), reason_code="moved")
    assert status == 409
    assert body["error"]["current_status"] == "cancelled"


async def test_the_code_to_leave_is_read_as_people_type_it(client, bureau):
    mine = await place(bureau)
    status, body, _ = await leave(
        client, code=typed_loosely(mine.code), iin=mine.iin, reason_code="moved"
    )
    assert status == 200 and body["status"] == "cancelled"
    assert bureau.book.get(mine.code).status == "cancelled"


async def test_leaving_needs_the_right_iin_and_a_reason_code(client, bureau):
    mine = await place(bureau)
    wrong = await leave(client, code=mine.code, iin=random_iin(), reason_code="moved")
    assert wrong[0] == 404 and wrong[1]["error"]["code"] == "not_found"
    status, missing, _ = await leave(client, **mine.lookup_body())
    assert status == 422
    assert "moved" in missing["error"]["fields"]["reason_code"][0]
    _, words, _ = await leave(client, **mine.lookup_body(), reason="I moved")
    assert "reason_code" in words["error"]["fields"]["reason"][0]
    assert bureau.book.get(mine.code).status == "waiting"


async def test_the_patient_leaves_the_queue_with_the_one_time_code(
    aiohttp_client, queue_settings, clock
):
    settings = replace(
        queue_settings, lookup_guesses_per_day=GUESSES, lookup_ip_burst=1000
    )
    client = await aiohttp_client(init_app(settings, clock))
    bureau = Replica(client.app)
    mine = await place(bureau)
    for _ in range(GUESSES):
        guess = {"code": mine.code, "iin": wrong_iin(mine.iin)}
        response = await client.post("/v1/queue/lookup", json=guess)
        assert response.status in (403, 404)
    departure = {**mine.lookup_body(), "reason_code": "treated_elsewhere"}
    status, body, _ = await leave(client, **departure)
    assert status == 403 and body["error"]["code"] == "verification_required"
    assert bureau.book.get(mine.code).status == "waiting"
    await client.app[GATE].afterwards.settle()
    (sent,) = await outbox_events(bureau, "queue.verification_requested")
    one_time_code = sent["data"]["one_time_code"]
    wrong = f"{(int(one_time_code) + 1) % 1_000_000:06d}"
    status, body, _ = await leave(client, **departure, one_time_code=wrong)
    assert status == 403 and body["error"]["code"] == "verification_failed"
    status, body, _ = await leave(client, **departure, one_time_code=one_time_code)
    assert status == 200 and body["status"] == "cancelled"


async def test_leaving_is_under_the_lookups_flood_guard(
    aiohttp_client, queue_settings, clock
):
    settings = replace(queue_settings, lookup_ip_burst=1, lookup_ip_per_minute=1)
    client = await aiohttp_client(init_app(settings, clock))
    stranger = {"code": new_code(), "iin": random_iin(), "reason_code": "moved"}
    assert (await leave(client, **stranger))[0] == 404
    status, body, headers = await leave(client, **stranger)
    assert status == 429 and body["error"]["code"] == "too_many_requests"
    assert 1 <= int(headers["Retry-After"]) <= 60
