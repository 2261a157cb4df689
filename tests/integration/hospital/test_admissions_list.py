"""GET /v1/admissions over HTTP: the JSON answer's shape (the scheduled
with their IIN, the waiting head without), the page size capped, the query
refused with 422, the profile to choose, and the same rows as CSV (what the
list holds: tests/unit/queue/hospital/test_admissions_list.py)."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

from services.queue.hospital.entrypoints.admissions import CSV_COLUMNS
from services.queue.hospital.entrypoints.responses import (
    AdmissionsList,
    ScheduledRow,
    WaitingRow,
)
from tests.integration.hospital.support import json_of
from tests.integration.queue.support import place
from tests.queue_builders import QUEUE, START


async def test_the_list_answers_the_scheduled_the_head_and_the_beds(desk, bureau):
    day = bureau.today() + timedelta(days=3)
    queue = [
        await place(bureau, registered_at=START + timedelta(minutes=i))
        for i in range(3)
    ]
    await json_of(await desk.pull(day, 1))

    response = await desk.list(day, bed_profile="psychiatry", head=5)

    listed = await json_of(response)
    assert response.headers["Cache-Control"] == "no-store"
    assert set(listed) == set(AdmissionsList().fields)
    assert (listed["queue_id"], listed["date"]) == (QUEUE, day.isoformat())
    [row] = listed["scheduled"]
    assert set(row) == set(ScheduledRow().fields)
    assert (row["entry_id"], row["iin"]) == (queue[0].entry_id, queue[0].iin)
    head = listed["waiting"]["head"]
    assert [set(r) for r in head] == [set(WaitingRow().fields)] * 2
    assert [r["entry_id"] for r in head] == [queue[1].entry_id, queue[2].entry_id]
    assert "iin" not in head[0] and "diagnosis" not in json.dumps(listed)
    assert listed["beds"]["free"] == 5


async def test_pages_are_capped(desk, bureau):
    day = bureau.today() + timedelta(days=1)
    for i in range(7):
        await place(bureau, registered_at=START + timedelta(minutes=i))
    await json_of(await desk.pull(day, 6))

    capped = await json_of(
        await desk.list(day, bed_profile="psychiatry", page_size=10**6)
    )

    assert capped["page_size"] == 200 and len(capped["scheduled"]) == 6
    second = await json_of(
        await desk.list(day, bed_profile="psychiatry", page_size=4, page=2)
    )
    assert (second["page"], len(second["scheduled"])) == (2, 2)
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
