"""The bed board: for each of the hospital's bed profiles, the beds, those
occupied now and the queue's length, and per coming day the beds booked and
free (beyond the beds only by a recorded override); another hospital's
board shows only its own beds."""

from __future__ import annotations

from datetime import timedelta

from services.queue.hospital.domain.commands import Discharge
from tests.factories import random_iin
from tests.queue_builders import QUEUE
from tests.unit.queue.hospital.desk import line_of, today


def profile(board, queue_id=QUEUE):
    [found] = [p for p in board["profiles"] if p["queue_id"] == queue_id]
    return found


async def test_an_empty_hospital_has_every_bed_free_each_day(q, desk):
    board = desk.board(3)
    assert [p["bed_profile"] for p in board["profiles"]] == [
        "psychiatry",
        "narcology",
        "rehabilitation",
    ]
    psychiatry = profile(board)
    assert (psychiatry["beds"], psychiatry["occupied"]) == (6, 0)
    assert psychiatry["typical_stay_days"] == 24
    day = today(q)
    assert psychiatry["days"] == [
        {
            "date": (day + timedelta(days=n)).isoformat(),
            "booked": 0,
            "free": 6,
            "booked_beyond_beds": 0,
        }
        for n in range(3)
    ]
    assert (board["date"], board["days"]) == (day.isoformat(), 3)


async def test_the_board_counts_the_occupied_and_the_booked_per_day(q, desk):
    await line_of(q, 6)
    await desk.admit_next(1)
    await desk.emergency(random_iin())
    day = today(q)
    await desk.pull(day + timedelta(days=1), 2)
    await desk.pull(day + timedelta(days=3), 1)

    psychiatry = profile(desk.board(4))

    assert (psychiatry["occupied"], psychiatry["waiting"]) == (2, 2)
    assert [(d["booked"], d["free"]) for d in psychiatry["days"]] == [
        (0, 4),
        (2, 2),
        (0, 4),
        (1, 3),
    ]


async def test_a_discharge_frees_a_bed_on_the_board(q, desk):
    await line_of(q, 1)
    [admitted] = await desk.admit_next(1)
    assert profile(desk.board(1))["days"][0]["free"] == 5
    await desk.act(Discharge, admitted)
    board = profile(desk.board(1))
    assert (board["occupied"], board["days"][0]["free"]) == (0, 6)


async def test_beds_booked_beyond_the_beds_show_on_their_day(q, desk):
    await line_of(q, 8)
    day = today(q) + timedelta(days=2)
    await desk.pull(day, 8, override_reason_code="extra_bed")
    [*_, booked_day] = profile(desk.board(3))["days"]
    assert (booked_day["booked"], booked_day["free"]) == (8, 0)
    assert booked_day["booked_beyond_beds"] == 2


async def test_another_hospital_sees_only_its_own_beds(q, desk):
    await line_of(q, 3)
    await desk.admit_next(2)
    elsewhere = desk.other("KZ-71-M01")

    board = elsewhere.board(2)

    assert {p["queue_id"].split(":")[0] for p in board["profiles"]} == {"KZ-71-M01"}
    theirs = profile(board, "KZ-71-M01:psychiatry")
    assert (theirs["beds"], theirs["occupied"], theirs["waiting"]) == (4, 0, 0)
    assert board["facility_id"] == "KZ-71-M01"
