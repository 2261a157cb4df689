"""Once a code's guesses are spent, a one-time code sent to the contact on
file lets its patient in: for the whole visit while it is valid, a new one at
most once a minute, and a stranger's wrong codes cannot use up the patient's.
Through the patient gate on memory lookup limits."""

from __future__ import annotations

import pytest

from services.queue.patients.service_layer.patient_gate import (
    VerificationFailed,
    VerificationRequired,
)
from tests.queue_builders import Placed
from tests.unit.queue.patients.patient_side import (
    PatientSide,
    other_one_time_code,
    patient_side,
    spend_guesses,
    wrong_iin,
)

GUESSES = 5


@pytest.fixture
def side() -> PatientSide:
    return patient_side(lookup_guesses_per_day=GUESSES)


async def code_sent(side: PatientSide, mine: Placed) -> str:
    """Spend the budget of ``mine``'s code, ask with the right IIN, and
    return the one-time code that brought."""
    await spend_guesses(side, mine.code, mine.iin)
    with pytest.raises(VerificationRequired):
        await side.lookup(mine.code, mine.iin)
    (one_time_code,) = await side.sent_codes()
    return one_time_code


async def test_with_the_one_time_code_the_patient_gets_in(side):
    mine = await side.queue.place()
    one_time_code = await code_sent(side, mine)
    with pytest.raises(VerificationFailed):
        await side.lookup(mine.code, mine.iin, other_one_time_code(one_time_code))
    with pytest.raises(VerificationFailed):  # a stranger holding the right one
        await side.lookup(mine.code, wrong_iin(mine.iin), one_time_code)
    for _ in range(2):  # the code serves the whole visit while it is valid
        body = await side.lookup(mine.code, mine.iin, one_time_code)
        assert body["status"] == "waiting"


async def test_a_one_time_code_expires(side):
    mine = await side.queue.place()
    one_time_code = await code_sent(side, mine)
    side.queue.clock.advance(minutes=10)
    with pytest.raises(VerificationFailed):
        await side.lookup(mine.code, mine.iin, one_time_code)


async def test_wrong_one_time_codes_use_up_its_attempts(side):
    mine = await side.queue.place()
    one_time_code = await code_sent(side, mine)
    wrong = other_one_time_code(one_time_code)
    for _ in range(side.settings.one_time_code_attempts):
        with pytest.raises(VerificationFailed):
            await side.lookup(mine.code, mine.iin, wrong)
    with pytest.raises(VerificationFailed):
        await side.lookup(mine.code, mine.iin, one_time_code)


async def test_a_stranger_cannot_use_up_the_patients_one_time_code(side):
    mine = await side.queue.place()
    one_time_code = await code_sent(side, mine)
    for guess in range(3 * side.settings.one_time_code_attempts):
        with pytest.raises(VerificationFailed):
            await side.lookup(mine.code, wrong_iin(mine.iin), f"{guess:06d}")
    body = await side.lookup(mine.code, mine.iin, one_time_code)
    assert body["status"] == "waiting"


async def test_a_new_one_time_code_comes_at_most_once_a_minute(side):
    mine = await side.queue.place()
    first = await code_sent(side, mine)
    side.queue.clock.advance(seconds=59)
    with pytest.raises(VerificationRequired):
        await side.lookup(mine.code, mine.iin)
    assert await side.sent_codes() == [first]
    side.queue.clock.advance(seconds=1)
    with pytest.raises(VerificationRequired):
        await side.lookup(mine.code, mine.iin)
    first_again, second = await side.sent_codes()
    assert first_again == first
    assert (await side.lookup(mine.code, mine.iin, second))["status"] == "waiting"
    if first != second:  # one in a million draws the same six digits
        with pytest.raises(VerificationFailed):
            await side.lookup(mine.code, mine.iin, first)
