"""The lookup's second step over HTTP: once a referral code has had its
day's failed guesses, the right and a wrong IIN get the very same 403
verification_required, and a one-time code that does not match the very
same 403 verification_failed (the guess budget, the warnings and the codes'
lives: tests/unit/queue/patients/)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from services.queue.bootstrap import init_app
from services.queue.patients.entrypoints.keys import GATE
from tests.factories import random_iin
from tests.integration.queue.support import Replica, outbox_events, place
from tests.queue_builders import new_code

GUESSES = 5
CODE_EVENT = "queue.verification_requested"


@pytest.fixture
async def client(aiohttp_client: Any, queue_settings: Any, clock: Any) -> Any:
    settings = replace(
        queue_settings, lookup_guesses_per_day=GUESSES, lookup_ip_burst=1000
    )
    return await aiohttp_client(init_app(settings, clock))


@pytest.fixture
def bureau(client: Any) -> Any:
    return Replica(client.app)


def wrong_iin(right: str) -> str:
    while (other := random_iin()) == right:
        pass
    return other


async def ask(client: Any, **body: Any) -> Any:
    response = await client.post("/v1/queue/lookup", json=body)
    return response.status, await response.json()


async def spend_guesses(client: Any, code: str, iin: str) -> None:
    for _ in range(GUESSES):
        status, _ = await ask(client, code=code, iin=wrong_iin(iin))
        assert status in (403, 404)


async def sent_codes(client: Any, **data: Any) -> list[str]:
    """The one-time codes committed to the outbox, once every notice the
    lookups started has been written."""
    await client.app[GATE].afterwards.settle()
    events = await outbox_events(Replica(client.app), CODE_EVENT, **data)
    return [event["data"]["one_time_code"] for event in events]


async def test_once_spent_right_and_wrong_iin_get_the_same_answer(client, bureau):
    mine = await place(bureau)
    await spend_guesses(client, mine.code, mine.iin)
    right = await ask(client, **mine.lookup_body())
    wrong = await ask(client, code=mine.code, iin=wrong_iin(mine.iin))
    unknown = await ask(client, code=new_code(), iin=mine.iin)
    await spend_guesses(client, unknown_code := new_code(), mine.iin)
    spent_unknown = await ask(client, code=unknown_code, iin=mine.iin)
    assert right == wrong == spent_unknown
    assert right[0] == 403 and right[1]["error"]["code"] == "verification_required"
    assert right[1]["error"]["resend_after_s"] == 60
    assert unknown[0] == 404
    assert len(await sent_codes(client, referral_id=mine.referral_id)) == 1


async def test_with_the_one_time_code_the_patient_gets_in(client, bureau):
    mine = await place(bureau)
    await spend_guesses(client, mine.code, mine.iin)
    await ask(client, **mine.lookup_body())
    (one_time_code,) = await sent_codes(client)
    wrong = f"{(int(one_time_code) + 1) % 1_000_000:06d}"
    refused = await ask(client, **mine.lookup_body(), one_time_code=wrong)
    stranger = await ask(
        client, code=mine.code, iin=wrong_iin(mine.iin), one_time_code=one_time_code
    )
    assert refused == stranger
    assert refused[0] == 403 and refused[1]["error"]["code"] == "verification_failed"
    assert refused[1]["error"]["resend_after_s"] == 60
    status, body = await ask(client, **mine.lookup_body(), one_time_code=one_time_code)
    assert status == 200 and body["status"] == "waiting"


@pytest.mark.parametrize("one_time_code", ["12345", "1234567", "12a456", 123456])
async def test_a_one_time_code_that_is_not_six_digits_is_a_422(client, one_time_code):
    body = {"code": new_code(), "iin": random_iin(), "one_time_code": one_time_code}
    status, answer = await ask(client, **body)
    assert status == 422 and "one_time_code" in answer["error"]["fields"]
