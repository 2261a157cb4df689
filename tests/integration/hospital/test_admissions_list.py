"""GET /v1/admissions over HTTP: the JSON answer's shape (the scheduled
with their IIN, the waiting head without), the page size capped, the query
refused with 422, the profile to choose, and the same rows as CSV (what the
list holds: tests/unit/queue/hospital/test_admissions_list.py)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from services.queue.hospital.entrypoints.exports import XLSX
from services.queue.hospital.entrypoints.responses import (
    AdmissionsList,
    ScheduledRow,
    WaitingRow,
)
from services.queue.hospital.entrypoints.sheet_columns import ADMISSION_COLUMNS
from tests.integration.hospital.support import json_of
from tests.integration.queue.support import place
from tests.queue_builders import QUEUE, START

BOM = "\ufeff".encode()


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
    for query in (
        {"page": 0},
        {"page_size": 0},
        {"head": 101},
        {"color": "red"},
        {"format": "pdf"},
        {"lang": "fr"},
        {"delimiter": "|"},
    ):
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
    response = await desk.list(day, csv=True, lang="en", **query)

    assert response.status == 200
    assert response.content_type == "text/csv"
    assert response.headers["X-Free-Beds"] == str(listed["beds"]["free"])
    raw = await response.read()
    assert raw.startswith(BOM)
    header, *parsed = list(csv.reader(io.StringIO(raw[len(BOM) :].decode())))
    assert header == [c.labels["en"] for c in ADMISSION_COLUMNS]
    expected = [{"section": "scheduled", **r} for r in listed["scheduled"]] + [
        {"section": "waiting", **r} for r in listed["waiting"]["head"]
    ]
    assert len(parsed) == len(expected) == 3
    tz = ZoneInfo(bureau.settings.timezone)
    for row, source in zip(parsed, expected, strict=True):
        for column, cell in zip(ADMISSION_COLUMNS, row, strict=True):
            assert cell == as_written(column.key, source.get(column.key), tz), column


async def test_the_list_opens_in_a_kazakh_or_russian_spreadsheet(desk, bureau):
    day = bureau.today() + timedelta(days=1)
    first = await place(bureau, iin="061211600012")
    await json_of(await desk.pull(day, 1))
    query = {"date": day.isoformat(), "bed_profile": "psychiatry"}

    for language, iin_header in (("kk-KZ", "ЖСН"), ("ru", "ИИН")):
        headers = desk.headers(Accept="text/csv", **{"Accept-Language": language})
        response = await desk.client.get(
            "/v1/admissions", params=query, headers=headers
        )
        assert response.headers["Content-Language"] == language[:2]
        assert response.headers["Cache-Control"] == "no-store"
        text = (await response.read()).decode("utf-8-sig")
        header, row = list(csv.reader(io.StringIO(text), delimiter=";"))
        assert dict(zip(header, row, strict=True))[iin_header] == f'="{first.iin}"'
    told = await desk.list(day, csv=True, bed_profile="psychiatry", delimiter="tab")
    header, _ = (await told.read()).decode("utf-8-sig").splitlines()
    assert header.count("\t") == len(ADMISSION_COLUMNS) - 1


async def test_the_list_downloads_as_xlsx_with_typed_cells(desk, bureau):
    day = bureau.today() + timedelta(days=1)
    first = await place(bureau, iin="061211600012")
    await place(bureau)
    await json_of(await desk.pull(day, 1))
    headers = desk.headers(Accept=XLSX)
    query = {"date": day.isoformat(), "bed_profile": "psychiatry", "lang": "en"}

    response = await desk.client.get("/v1/admissions", params=query, headers=headers)

    assert response.status == 200 and response.content_type == XLSX
    assert response.headers["X-Free-Beds"] == "5"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="admissions-KZ-75-M01-psychiatry-{day}.xlsx"'
    )
    page = load_workbook(io.BytesIO(await response.read())).active
    header = [cell.value for cell in page[1]]
    scheduled, waiting = (
        {name: page.cell(row=n, column=at) for at, name in enumerate(header, 1)}
        for n in (2, 3)
    )
    assert (scheduled["Section"].value, waiting["Section"].value) == (
        "scheduled",
        "waiting",
    )
    assert scheduled["IIN"].value == first.iin and scheduled["IIN"].data_type == "s"
    assert scheduled["Admission date"].value.date() == day
    assert scheduled["Registered at"].is_date
    assert waiting["Position"].value == 1 and waiting["Position"].data_type == "n"
    assert scheduled["Tests ready"].value is True


def as_written(key, value, tz):
    """How the CSV writes a JSON value: IINs as text formulas, moments in
    the bureau's time zone to the minute, flags in words (here English)."""
    if value is None:
        return ""
    if key == "iin":
        return f'="{value}"'
    if key == "registered_at":
        return datetime.fromisoformat(value).astimezone(tz).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


async def test_the_profile_must_be_chosen_when_the_hospital_has_several(desk, bureau):
    body = await json_of(await desk.list(), 422)
    assert "psychiatry" in body["error"]["fields"]["bed_profile"][0]
    unknown = await json_of(await desk.list(bed_profile="astrology"), 422)
    assert "bed_profile" in unknown["error"]["fields"]
    today = await json_of(await desk.list(bed_profile="psychiatry"))
    assert today["date"] == bureau.today().isoformat()
