"""What the patient's lookup answers, from the book (no database, no broker):
place, queue length, estimate, hospital and why the place last moved, and
nothing that reveals the bed profile, the IIN or another patient."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.queue.waiting_list.domain import commands
from services.queue.waiting_list.domain.actors import Actor
from tests.queue_builders import START, admitted_earlier
from tests.unit.queue.patients.patient_side import PatientSide, patient_side

CLERK = Actor("hospital", "clerk-1")
ANSWER_KEYS = {
    "status",
    "reason_code",
    "position",
    "queue_length",
    "estimated_admission",
    "scheduled_date",
    "hospital",
    "changed",
    "cancellable",
    "updated_at",
    "wait_guarantee",
}


@pytest.fixture
def side() -> PatientSide:
    return patient_side()


async def test_a_patient_sees_place_estimate_and_hospital_but_nothing_revealing(
    side,
):
    queue = side.queue
    await admitted_earlier(queue.place, queue.handle, queue.clock, 10)
    ahead = await side.queue.place(registered_at=START - timedelta(days=1))
    mine = await side.queue.place()
    body = await side.lookup(mine.code, mine.iin)
    assert set(body) == ANSWER_KEYS
    assert body["wait_guarantee"] is None  # MAX_WAIT_DAYS is empty
    assert (body["status"], body["position"], body["queue_length"]) == ("waiting", 2, 2)
    band = body["estimated_admission"]
    assert START.date().isoformat() < band["earliest"] <= band["latest"]
    assert body["hospital"]["name"] == "Regional Mental Health Centre, Almaty"
    assert set(body["hospital"]) == {"name", "address", "phone"}
    assert body["changed"]["reason"] == "placed"
    text = str(body).lower()
    assert "psychiatr" not in text and mine.iin not in text and ahead.code not in text


async def test_the_reason_the_position_moved(side):
    queue = side.queue
    first = await queue.place(registered_at=START - timedelta(hours=2))
    mine = await queue.place(registered_at=START - timedelta(hours=1))
    for _ in range(2):
        await queue.place(priority="urgent")
    body = await side.lookup(mine.code, mine.iin)
    assert body["position"] == 4
    assert (body["changed"]["reason"], body["changed"]["count"]) == (
        "urgent_placed_ahead",
        2,
    )
    on = queue.waiting_list.calendar.today() + timedelta(days=1)
    await queue.handle(commands.Schedule(entry_id=first.entry_id, actor=CLERK, on=on))
    body = await side.lookup(mine.code, mine.iin)
    assert body["position"] == 3
    assert (body["changed"]["reason"], body["changed"]["count"]) == ("ahead_left", 1)


async def test_a_scheduled_patient_sees_the_date_and_no_place(side):
    queue = side.queue
    first = await queue.place()
    on = queue.waiting_list.calendar.today() + timedelta(days=1)
    await queue.handle(commands.Schedule(entry_id=first.entry_id, actor=CLERK, on=on))
    first_view = await side.lookup(first.code, first.iin)
    assert first_view["status"] == "scheduled" and first_view["position"] is None
    assert first_view["scheduled_date"] == on.isoformat()
    assert first_view["estimated_admission"] == {
        "earliest": on.isoformat(),
        "latest": on.isoformat(),
        "beyond_horizon": False,
        "horizon": None,
    }
    assert first_view["cancellable"] is True
