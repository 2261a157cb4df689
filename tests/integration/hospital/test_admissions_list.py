"""The admissions list of a day: the scheduled patients with what the desk
needs (IIN, test readiness; never a diagnosis), the head of the waiting
queue, the beds; paged with a cap; the same rows as CSV; the same free beds
as the public facility list."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

from services.queue.hospital.entrypoints.admissions import CSV_COLUMNS
from tests.integration.hospital.support import json_of
from tests.integration.queue.support import START, make_iin, place


async def test_the_list_shows_the_scheduled_the_head_and_the_beds(desk, bureau):
    day = bureau.today() + timedelta(days=3)
    late_tests = [{"code": "ecg", "valid_until": day - timedelta(days=1)}]
    queue = [
        await place(bureau, registered_at=START + timedelta(minutes=i))
        for i in range(3)
    ]
    lapsing = await place(
        bureau, registered_at=START + timedelta(minutes=3), tests=late_tests
    )
    urgent = await place(bureau, priority="urgent")
    await json_of(await desk.pull(day, 2))
    await json_of(await desk.list(day, bed_profile="psychiatry"))

    listed = await json_of(await desk.list(day, bed_profile="psychiatry", head=5))

    assert [r["entry_id"] for r in listed["scheduled"]] == [
        urgent.entry_id,
        queue[0].entry_id,
    ]
    row = listed["scheduled"][0]
    assert row["iin"] == urgent.iin and row["hospitalization_code"] == urgent.code
    assert row["priority"] == "urgent" and row["scheduled_date"] == day.isoformat()
    assert row["tests_ready"] is True and row["tests_valid_until"] is None
    assert "diagnosis" not in json.dumps(listed)
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
    assert listed["beds"]["booked"] == 2 and listed["beds"]["free"] == 4
    assert listed["total_scheduled"] == 2

    other_day = await json_of(
        await desk.list(day + timedelta(days=1), bed_profile="psychiatry")
    )
    assert other_day["scheduled"] == [] and other_day["beds"]["free"] == 6


async def test_pages_are_capped(desk, bureau):
    day = bureau.today() + timedelta(days=1)
    for i in range(7):
        await place(bureau, registered_at=START + timedelta(minutes=i))
    await json_of(await desk.pull(day, 6))

    pages = [
        await json_of(
            await desk.list(day, bed_profile="psychiatry", page_size=4, page=p)
        )
        for p in (1, 2, 3)
    ]
    rows = [r["entry_id"] for page in pages for r in page["scheduled"]]
    assert [len(p["scheduled"]) for p in pages] == [4, 2, 0]
    assert len(set(rows)) == 6 and all(p["total_scheduled"] == 6 for p in pages)
    capped = await json_of(
        await desk.list(day, bed_profile="psychiatry", page_size=10**6)
    )
    assert capped["page_size"] == 200 and len(capped["scheduled"]) == 6
    for query in ({"page": 0}, {"page_size": 0}, {"head": 101}, {"color": "red"}):
        answer = await json_of(
            await desk.list(day, bed_profile="psychiatry", **query), 422
        )
        assert set(answer["error"]["fields"]) == set(query)


async def test_csv_gives_the_same_rows_as_json(desk, bureau):
    day = bureau.today() + timedelta(days=2)
    for i in range(5):
        tests = [{"code": "ecg", "valid_until": day}] if i == 2 else None
        await place(bureau, registered_at=START + timedelta(minutes=i), tests=tests)
    await json_of(await desk.pull(day, 3))
    query = {"bed_profile": "psychiatry", "page_size": 2, "page": 2, "head": 3}

    listed = await json_of(await desk.list(day, **query))
    response = await desk.list(day, csv=True, **query)

    assert response.status == 200
    assert response.content_type == "text/csv"
    assert response.headers["X-Free-Beds"] == str(listed["beds"]["free"])
    parsed = list(csv.DictReader(io.StringIO(await response.text())))
    expected = [{"section": "scheduled", **r} for r in listed["scheduled"]] + [
        {"section": "waiting", **r} for r in listed["waiting"]["head"]
    ]
    assert len(parsed) == len(expected) == 3
    for row, source in zip(parsed, expected, strict=True):
        assert list(row) == list(CSV_COLUMNS)
        for column in CSV_COLUMNS:
            value = source.get(column)
            if isinstance(value, bool):
                value = "true" if value else "false"
            assert row[column] == ("" if value is None else str(value)), column


async def test_the_profile_must_be_chosen_when_the_hospital_has_several(desk, bureau):
    body = await json_of(await desk.list(), 422)
    assert "psychiatry" in body["error"]["fields"]["bed_profile"][0]
    unknown = await json_of(await desk.list(bed_profile="astrology"), 422)
    assert "bed_profile" in unknown["error"]["fields"]
    today = await json_of(await desk.list(bed_profile="psychiatry"))
    assert today["date"] == bureau.today().isoformat()


async def test_free_beds_match_the_public_facility_list(desk, bureau, client):
    today = bureau.today()
    for i in range(4):
        await place(bureau, registered_at=START + timedelta(minutes=i))
    await json_of(await desk.pull(today, 2))
    await json_of(await desk.pull(today + timedelta(days=1), 1))
    await json_of(await desk.emergency(make_iin()), 201)

    public = await json_of(
        await client.get("/v1/facilities?bed_profile=psychiatry&region=75")
    )
    ours = next(f for f in public["facilities"] if f["id"] == desk.facility)
    [profile] = ours["bed_profiles"]
    for offset, shown in enumerate(profile["free_beds_next_days"]):
        day = today + timedelta(days=offset)
        listed = await json_of(await desk.list(day, bed_profile="psychiatry"))
        assert shown == {"date": day.isoformat(), "free": listed["beds"]["free"]}
    assert [d["free"] for d in profile["free_beds_next_days"]] == [3, 4, 5]
