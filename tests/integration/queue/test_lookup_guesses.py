"""A stranger who holds a referral code gets LOOKUP_GUESSES_PER_DAY IIN
guesses a day; the patient, holding code and IIN, is never kept out for more
than a minute: once the guesses are spent, the right IIN brings a one-time
code to the contact on file and a wrong IIN the very same answer."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from services.queue.bootstrap import init_app
from services.queue.patients.entrypoints.keys import GATE
from tests.integration.queue.support import (
    Replica,
    make_iin,
    new_code,
    outbox_events,
    place,
)

GUESSES = 5
CODE_EVENT = "queue.verification_requested"
WARNING = "queue.lookup_guessed"


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
    while (other := make_iin()) == right:
        pass
    return other


async def ask(client: Any, path: str = "/v1/queue/lookup", **body: Any) -> Any:
    response = await client.post(path, json=body)
    return response.status, await response.json()


async def spend_guesses(client: Any, code: str, iin: str, count: int = GUESSES) -> None:
    for _ in range(count):
        status, _ = await ask(client, code=code, iin=wrong_iin(iin))
        assert status in (403, 404)


async def sent_codes(client: Any, **data: Any) -> list[str]:
    """The one-time codes committed to the outbox, once every notice the
    lookups started has been written."""
    await client.app[GATE].afterwards.settle()
    events = await outbox_events(Replica(client.app), CODE_EVENT, **data)
    return [event["data"]["one_time_code"] for event in events]


async def test_wrong_iins_for_a_code_never_keep_its_patient_out(client, bureau):
    mine = await place(bureau)
    await spend_guesses(client, mine.code, mine.iin, GUESSES - 1)
    for _ in range(3 * GUESSES):  # right answers never use up the budget
        status, body = await ask(client, **mine.lookup_body())
        assert status == 200 and body["position"] == 1


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
    assert len(await sent_codes(client)) == 1  # nothing for the wrong IIN


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
    for _ in range(2):  # the code serves the whole visit while it is valid
        status, body = await ask(
            client, **mine.lookup_body(), one_time_code=one_time_code
        )
        assert status == 200 and body["status"] == "waiting"


async def test_a_one_time_code_expires(client, bureau, clock):
    mine = await place(bureau)
    await spend_guesses(client, mine.code, mine.iin)
    await ask(client, **mine.lookup_body())
    (one_time_code,) = await sent_codes(client)
    clock.advance(minutes=10)
    status, body = await ask(client, **mine.lookup_body(), one_time_code=one_time_code)
    assert status == 403 and body["error"]["code"] == "verification_failed"


async def test_wrong_one_time_codes_use_up_its_attempts(client, bureau):
    mine = await place(bureau)
    await spend_guesses(client, mine.code, mine.iin)
    await ask(client, **mine.lookup_body())
    (one_time_code,) = await sent_codes(client)
    wrong = f"{(int(one_time_code) + 1) % 1_000_000:06d}"
    for _ in range(bureau.settings.one_time_code_attempts):
        assert (await ask(client, **mine.lookup_body(), one_time_code=wrong))[0] == 403
    status, _ = await ask(client, **mine.lookup_body(), one_time_code=one_time_code)
    assert status == 403


async def test_a_stranger_cannot_use_up_the_patients_one_time_code(client, bureau):
    mine = await place(bureau)
    await spend_guesses(client, mine.code, mine.iin)
    await ask(client, **mine.lookup_body())
    (one_time_code,) = await sent_codes(client)
    for guess in range(3 * bureau.settings.one_time_code_attempts):
        stranger = {"code": mine.code, "iin": wrong_iin(mine.iin)}
        assert (await ask(client, **stranger, one_time_code=f"{guess:06d}"))[0] == 403
    status, _ = await ask(client, **mine.lookup_body(), one_time_code=one_time_code)
    assert status == 200


async def test_a_new_one_time_code_comes_at_most_once_a_minute(client, bureau, clock):
    mine = await place(bureau)
    await spend_guesses(client, mine.code, mine.iin)
    await ask(client, **mine.lookup_body())
    clock.advance(seconds=59)
    await ask(client, **mine.lookup_body())
    (first,) = await sent_codes(client)
    clock.advance(seconds=1)
    await ask(client, **mine.lookup_body())
    first_again, second = await sent_codes(client)
    assert first_again == first
    new = await ask(client, **mine.lookup_body(), one_time_code=second)
    assert new[0] == 200
    if first != second:  # one in a million draws the same six digits
        old = await ask(client, **mine.lookup_body(), one_time_code=first)
        assert old[0] == 403


async def test_a_codes_guesses_are_counted_over_a_rolling_day(client, bureau, clock):
    mine = await place(bureau)
    await spend_guesses(client, mine.code, mine.iin, GUESSES - 1)
    clock.advance(hours=23)
    await spend_guesses(client, mine.code, mine.iin, 1)
    assert (await ask(client, **mine.lookup_body()))[0] == 403
    clock.advance(hours=1)
    assert (await ask(client, **mine.lookup_body()))[0] == 200


async def test_the_patient_is_warned_once_when_the_guesses_run_out(client, bureau):
    mine = await place(bureau)
    await spend_guesses(client, mine.code, mine.iin, GUESSES - 1)
    await client.app[GATE].afterwards.settle()
    assert await outbox_events(bureau, WARNING) == []
    await spend_guesses(client, mine.code, mine.iin, 3 * GUESSES)
    await spend_guesses(client, new_code(), mine.iin)
    await client.app[GATE].afterwards.settle()
    (warning,) = await outbox_events(bureau, WARNING)
    assert warning["data"]["referral_id"] == mine.referral_id
    assert set(warning["data"]) == {
        "entry_id",
        "referral_id",
        "hospitalization_code",
        "at",
    }


async def test_the_warning_comes_again_only_a_day_later(client, bureau, clock):
    mine = await place(bureau)
    await spend_guesses(client, mine.code, mine.iin)
    clock.advance(hours=23, minutes=59)
    await spend_guesses(client, mine.code, mine.iin)
    await client.app[GATE].afterwards.settle()
    assert len(await outbox_events(bureau, WARNING)) == 1
    clock.advance(minutes=1)
    await spend_guesses(client, mine.code, mine.iin, 1)
    await client.app[GATE].afterwards.settle()
    assert len(await outbox_events(bureau, WARNING)) == 2


async def test_the_patient_leaves_the_queue_with_the_one_time_code(client, bureau):
    mine = await place(bureau)
    await spend_guesses(client, mine.code, mine.iin)
    leave = {**mine.lookup_body(), "reason_code": "treated_elsewhere"}
    status, body = await ask(client, "/v1/queue/cancel", **leave)
    assert status == 403 and body["error"]["code"] == "verification_required"
    assert bureau.book.get(mine.code).status == "waiting"
    (one_time_code,) = await sent_codes(client)
    status, body = await ask(
        client, "/v1/queue/cancel", **leave, one_time_code=one_time_code
    )
    assert status == 200 and body["status"] == "cancelled"


async def test_a_mistyped_iin_is_told_as_such_and_is_no_guess(client, bureau):
    mine = await place(bureau)
    mistyped = mine.iin[:11] + str((int(mine.iin[11]) + 1) % 10)
    for _ in range(2 * GUESSES):
        status, body = await ask(client, code=mine.code, iin=mistyped)
        assert status == 422 and "check digit" in body["error"]["fields"]["iin"][0]
    assert (await ask(client, **mine.lookup_body()))[0] == 200


@pytest.mark.parametrize("one_time_code", ["12345", "1234567", "12a456", 123456])
async def test_a_one_time_code_that_is_not_six_digits_is_a_422(client, one_time_code):
    body = {"code": new_code(), "iin": make_iin(), "one_time_code": one_time_code}
    status, answer = await ask(client, **body)
    assert status == 422 and "one_time_code" in answer["error"]["fields"]
