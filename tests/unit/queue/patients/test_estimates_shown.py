"""The estimate the patient is shown: none until the queue admitted
ESTIMATE_MIN_ADMISSIONS patients in ESTIMATE_WINDOW_DAYS (the README's
promise), and past the horizon "not before" a day with no latest date, the
same in the lookup, the placement's event and the facility list."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from services.queue.patients.service_layer.views import facilities
from services.queue.waiting_list.domain.estimate import HORIZON_DAYS
from tests.queue_builders import HOSPITAL, admitted_earlier
from tests.unit.queue.patients.patient_side import PatientSide, patient_side

NEIGHBOUR = "KZ-75-R01"


async def admitted(
    side: PatientSide, count: int, days_ago: int = 1, at: str = HOSPITAL
) -> None:
    queue = side.queue
    place = partial(queue.place, queue=(at, "psychiatry"))
    await admitted_earlier(place, queue.handle, queue.clock, count, days_ago)


async def test_no_estimate_until_the_queue_admitted_the_minimum():
    side = patient_side(estimate_min_admissions=10)
    await admitted(side, 9)
    mine = await side.queue.place()
    assert (await side.lookup(mine.code, mine.iin))["estimated_admission"] is None
    [placed] = side.queue.outbox("queue.entry_placed", entry_id=mine.entry_id)
    assert placed.data["estimated_admission"] is None
    await admitted(side, 1, days_ago=2)
    band = (await side.lookup(mine.code, mine.iin))["estimated_admission"]
    assert band is not None and band["latest"] is not None


async def test_admissions_older_than_the_window_give_no_estimate():
    side = patient_side(estimate_min_admissions=10, estimate_window_days=28)
    await admitted(side, 10, days_ago=29)
    mine = await side.queue.place()
    assert (await side.lookup(mine.code, mine.iin))["estimated_admission"] is None


async def test_a_place_beyond_the_horizon_is_not_before_a_day_and_has_no_latest():
    side = patient_side(estimate_min_admissions=1)
    await admitted(side, 1)
    for _ in range(19):
        await side.queue.place()
    last = await side.queue.place()
    today = side.queue.waiting_list.calendar.today()
    horizon = today + timedelta(days=HORIZON_DAYS)
    band = (await side.lookup(last.code, last.iin))["estimated_admission"]
    assert (band["latest"], band["beyond_horizon"]) == (None, True)
    assert band["horizon"] == horizon.isoformat()
    assert today.isoformat() < band["earliest"] <= band["horizon"]
    [placed] = side.queue.outbox("queue.entry_placed", entry_id=last.entry_id)
    assert placed.data["estimated_admission"] == {**band}


async def test_the_facility_list_says_when_a_wait_may_pass_the_horizon():
    side = patient_side(estimate_min_admissions=1)
    await admitted(side, 1)
    await admitted(side, 1, at=NEIGHBOUR)
    for _ in range(20):
        await side.queue.place()
    listed = facilities(side.queue.patients, "psychiatry", "75", "en")["facilities"]
    [ours] = [f for f in listed if f["id"] == HOSPITAL]
    wait = ours["bed_profiles"][0]["estimated_wait_days"]
    assert (wait["max"], wait["beyond_horizon"]) == (None, True)
    assert 1 <= wait["min"] <= HORIZON_DAYS
    order = [f["id"] for f in listed]
    assert order.index(NEIGHBOUR) < order.index(HOSPITAL)
