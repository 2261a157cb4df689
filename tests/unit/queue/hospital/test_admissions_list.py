"""The admissions list of a day: the scheduled patients with what the desk
needs (IIN, test readiness; never a diagnosis), the head of the waiting
queue with positions, the beds; paged; the same free beds as the public
facility list."""

from __future__ import annotations

import json
from datetime import timedelta

from services.queue.patients.service_layer.views import facilities
from tests.factories import random_iin
from tests.queue_builders import START
from tests.unit.queue.hospital.desk import line_of, today


async def two_scheduled(q, desk):
    """Three planned, one whose tests lapse the day before, one urgent; the
    urgent and the first planned scheduled three days ahead."""
    day = today(q) + timedelta(days=3)
    queue = await line_of(q, 3)
    lapsing = await q.place(
        registered_at=START + timedelta(minutes=3),
        tests=[{"code": "ecg", "valid_until": day - timedelta(days=1)}],
    )
    urgent = await q.place(priority="urgent")
    await desk.pull(day, 2)
    return day, queue, lapsing, urgent


async def test_the_list_shows_the_scheduled_with_what_the_desk_needs(q, desk):
    day, queue, _, urgent = await two_scheduled(q, desk)

    listed = await desk.list(day, head=5)

    assert [r["entry_id"] for r in listed["scheduled"]] == [
        urgent.entry_id,
        queue[0].entry_id,
    ]
    row = listed["scheduled"][0]
    assert row["iin"] == urgent.iin and row["hospitalization_code"] == urgent.code
    assert row["priority"] == "urgent" and row["scheduled_date"] == day.isoformat()
    assert row["tests_ready"] is True and row["tests_valid_until"] is None
    assert "diagnosis" not in json.dumps(listed)
    assert listed["total_scheduled"] == 2
    assert listed["beds"]["booked"] == 2 and listed["beds"]["free"] == 4


async def test_the_list_shows_the_head_of_the_waiting_queue(q, desk):
    day, queue, lapsing, _ = await two_scheduled(q, desk)

    listed = await desk.list(day, head=5)

    assert listed["waiting"]["length"] == 3
    head = listed["waiting"]["head"]
    assert [(r["position"], r["entry_id"]) for r in head] == [
        (1, queue[1].entry_id),
        (2, queue[2].entry_id),
        (3, lapsing.entry_id),
    ]
    assert head[2]["tests_ready"] is False
    assert head[2]["tests_valid_until"] == (day - timedelta(days=1)).isoformat()
    assert "iin" not in head[0]


async def test_another_day_has_nobody_scheduled_and_every_bed_free(q, desk):
    day, *_ = await two_scheduled(q, desk)
    other_day = await desk.list(day + timedelta(days=1))
    assert other_day["scheduled"] == [] and other_day["beds"]["free"] == 6


async def test_the_scheduled_are_paged(q, desk):
    day = today(q) + timedelta(days=1)
    await line_of(q, 7)
    await desk.pull(day, 6)

    pages = [await desk.list(day, page_size=4, page=p) for p in (1, 2, 3)]

    rows = [r["entry_id"] for page in pages for r in page["scheduled"]]
    assert [len(p["scheduled"]) for p in pages] == [4, 2, 0]
    assert len(set(rows)) == 6 and all(p["total_scheduled"] == 6 for p in pages)


async def test_free_beds_match_the_public_facility_list(q, desk):
    day = today(q)
    await line_of(q, 4)
    await desk.pull(day, 2)
    await desk.pull(day + timedelta(days=1), 1)
    await desk.emergency(random_iin())

    public = facilities(q.patients, "psychiatry", "75", "en")

    ours = next(f for f in public["facilities"] if f["id"] == desk.facility)
    [profile] = ours["bed_profiles"]
    for offset, shown in enumerate(profile["free_beds_next_days"]):
        on = day + timedelta(days=offset)
        free = (await desk.beds_on(on))["free"]
        assert shown == {"date": on.isoformat(), "free": free}
    assert [d["free"] for d in profile["free_beds_next_days"]] == [3, 4, 5]
