"""A stranger who holds a referral code gets ``lookup_guesses_per_day`` IIN
guesses a day; once they are spent the right IIN and a wrong one meet the
same refusal (the right one brings a one-time code), and the patient is
warned once a day. Through the patient gate on memory lookup limits."""

from __future__ import annotations

import pytest

from services.queue.patients.service_layer.patient_gate import (
    PatientNotFound,
    VerificationRequired,
)
from shared.iin import InvalidIIN
from tests.queue_builders import new_code
from tests.unit.queue.memory_queue import SETTINGS
from tests.unit.queue.patients.patient_side import (
    GUESSED,
    PatientSide,
    patient_side,
    spend_guesses,
    wrong_iin,
)

GUESSES = 5


@pytest.fixture
def side() -> PatientSide:
    return patient_side(lookup_guesses_per_day=GUESSES)


async def test_wrong_iins_for_a_code_never_keep_its_patient_out():
    side = patient_side()
    budget = SETTINGS.lookup_guesses_per_day
    mine = await side.queue.place()
    await spend_guesses(side, mine.code, mine.iin, budget - 1)
    for _ in range(3 * budget):  # right answers never use up the budget
        assert (await side.lookup(mine.code, mine.iin))["position"] == 1


async def test_the_21st_guess_of_a_day_gets_one_answer_for_right_and_wrong_iin():
    side = patient_side()
    assert SETTINGS.lookup_guesses_per_day == 20
    mine = await side.queue.place()
    wrong = [wrong_iin(mine.iin) for _ in range(20)]
    for iin in wrong:
        with pytest.raises(PatientNotFound):
            await side.lookup(mine.code, iin)
    for iin in (mine.iin, wrong[0]):
        with pytest.raises(VerificationRequired):
            await side.lookup(mine.code, iin)


async def test_once_spent_right_and_wrong_iin_get_the_same_refusal(side):
    mine = await side.queue.place()
    await spend_guesses(side, mine.code, mine.iin)
    unknown_code = new_code()
    for code, iin in ((mine.code, mine.iin), (mine.code, wrong_iin(mine.iin))):
        with pytest.raises(VerificationRequired):
            await side.lookup(code, iin)
    with pytest.raises(PatientNotFound):  # another code's budget is its own
        await side.lookup(new_code(), mine.iin)
    await spend_guesses(side, unknown_code, mine.iin)
    with pytest.raises(VerificationRequired):
        await side.lookup(unknown_code, mine.iin)
    assert len(await side.sent_codes(referral_id=mine.referral_id)) == 1
    assert len(await side.sent_codes()) == 1  # nothing for the wrong IIN


async def test_a_codes_guesses_are_counted_over_a_rolling_day(side):
    mine = await side.queue.place()
    await spend_guesses(side, mine.code, mine.iin, GUESSES - 1)
    side.queue.clock.advance(hours=23)
    await spend_guesses(side, mine.code, mine.iin, 1)
    with pytest.raises(VerificationRequired):
        await side.lookup(mine.code, mine.iin)
    side.queue.clock.advance(hours=1)
    assert (await side.lookup(mine.code, mine.iin))["status"] == "waiting"


async def test_the_patient_is_warned_once_when_the_guesses_run_out(side):
    mine = await side.queue.place()
    await spend_guesses(side, mine.code, mine.iin, GUESSES - 1)
    assert await side.notices(GUESSED) == []
    await spend_guesses(side, mine.code, mine.iin, 3 * GUESSES)
    await spend_guesses(side, new_code(), mine.iin)
    (warning,) = await side.notices(GUESSED)
    assert warning.data["referral_id"] == mine.referral_id
    assert set(warning.data) == {
        "entry_id",
        "referral_id",
        "hospitalization_code",
        "at",
    }


async def test_the_warning_comes_again_only_a_day_later(side):
    mine = await side.queue.place()
    await spend_guesses(side, mine.code, mine.iin)
    side.queue.clock.advance(hours=23, minutes=59)
    await spend_guesses(side, mine.code, mine.iin)
    assert len(await side.notices(GUESSED)) == 1
    side.queue.clock.advance(minutes=1)
    await spend_guesses(side, mine.code, mine.iin, 1)
    assert len(await side.notices(GUESSED)) == 2


async def test_a_mistyped_iin_is_told_as_such_and_is_no_guess(side):
    mine = await side.queue.place()
    mistyped = mine.iin[:11] + str((int(mine.iin[11]) + 1) % 10)
    for _ in range(2 * GUESSES):
        with pytest.raises(InvalidIIN, match="check digit"):
            await side.lookup(mine.code, mistyped)
    assert not await side.gate.limits.budget_spent(mine.code)
    assert (await side.lookup(mine.code, mine.iin))["position"] == 1
