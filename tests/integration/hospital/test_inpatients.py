"""GET /v1/inpatients and GET /v1/bed-board over HTTP: the answers' shape
and no-store, a discharge with the listed entry id, the queries refused
with 422 naming the field, the inpatients as CSV and XLSX, and another
hospital's clerk seeing nothing of these patients (what the lists hold:
tests/unit/queue/hospital/test_inpatients.py, test_bed_board.py)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from services.queue.hospital.entrypoints.exports import XLSX
from services.queue.hospital.entrypoints.responses import (
    BedBoard,
    BoardDay,
    BoardProfile,
    InpatientList,
    InpatientRow,
)
from tests.factories import random_iin
from tests.integration.hospital.support import json_of
from tests.integration.queue.support import place
from tests.queue_builders import ELSEWHERE, QUEUE

LEADING_ZERO_IIN = "061211600012"


async def test_the_inpatients_answer_with_their_stay(desk, bureau):
    placed = await place(bureau)
    [admitted] = await desk.admit_next(bureau.today())

    response = await desk.inpatients(bed_profile="psychiatry")

    listed = await json_of(response)
    assert response.headers["Cache-Control"] == "no-store"
    assert set(listed) == set(InpatientList().fields)
    [row] = listed["inpatients"]
    assert set(row) == set(InpatientRow().fields)
    assert (row["entry_id"], row["iin"]) == (admitted, placed.iin)
    assert (row["days_in"], row["overdue"], listed["total"]) == (0, False, 1)


async def test_a_discharge_with_the_listed_entry_id_empties_the_bed(desk, bureau):
    await place(bureau)
    await desk.admit_next(bureau.today())
    [row] = (await json_of(await desk.inpatients()))["inpatients"]

    discharged = await json_of(await desk.act(row["entry_id"], "discharge"))

    assert discharged["status"] == "discharged"
    assert (await json_of(await desk.inpatients()))["inpatients"] == []


async def test_the_bed_board_answers_per_profile_and_day(desk, bureau):
    await place(bureau)
    await desk.admit_next(bureau.today())

    response = await desk.board(days=5)

    board = await json_of(response)
    assert response.headers["Cache-Control"] == "no-store"
    assert set(board) == set(BedBoard().fields)
    [psychiatry] = [p for p in board["profiles"] if p["queue_id"] == QUEUE]
    assert set(psychiatry) == set(BoardProfile().fields)
    assert [set(d) for d in psychiatry["days"]] == [set(BoardDay().fields)] * 5
    assert (psychiatry["beds"], psychiatry["occupied"]) == (6, 1)
    assert [d["free"] for d in psychiatry["days"]] == [5] * 5
    assert (await json_of(await desk.board()))["days"] == 3


async def test_bad_queries_are_refused_naming_the_field(desk):
    for query in ({"days": 0}, {"days": 32}, {"days": "soon"}, {"color": "red"}):
        answer = await json_of(await desk.board(**query), 422)
        assert set(answer["error"]["fields"]) == set(query)
    for query in (
        {"page": 0},
        {"format": "pdf"},
        {"lang": "de"},
        {"delimiter": "|"},
        {"bed_profile": "astrology"},
    ):
        answer = await json_of(await desk.inpatients(**query), 422)
        assert set(answer["error"]["fields"]) == set(query)
    missing = await json_of(
        await desk.other("KZ-75-N01").inpatients(bed_profile="psychiatry"), 404
    )
    assert missing["error"]["code"] == "not_found"


async def test_the_inpatients_download_as_csv_in_the_readers_language(desk, bureau):
    await place(bureau, iin=LEADING_ZERO_IIN)
    await desk.admit_next(bureau.today())
    [listed] = (await json_of(await desk.inpatients()))["inpatients"]

    response = await desk.inpatients(
        headers={"Accept": "text/csv", "Accept-Language": "ru-RU,ru;q=0.9"}
    )

    assert response.status == 200
    assert response.content_type == "text/csv" and response.charset == "utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="inpatients-KZ-75-M01-all-')
    assert disposition.endswith('.csv"')
    raw = await response.read()
    assert raw.startswith("\ufeff".encode())
    header, row = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    cells = dict(zip(header, row, strict=True))
    assert cells["ИИН"] == f'="{LEADING_ZERO_IIN}"'
    admitted_at = datetime.fromisoformat(listed["admitted_at"])
    local = admitted_at.astimezone(ZoneInfo(bureau.settings.timezone))
    assert cells["Госпитализирован"] == local.strftime("%Y-%m-%d %H:%M")
    assert cells["Ожидаемая выписка"] == listed["expected_discharge"]
    assert response.headers["X-Total-Inpatients"] == "1"


async def test_the_inpatients_download_as_xlsx_with_typed_cells(desk, bureau):
    await place(bureau, iin=LEADING_ZERO_IIN)
    await desk.admit_next(bureau.today())

    response = await desk.inpatients(format="xlsx", lang="en")

    assert response.status == 200 and response.content_type == XLSX
    assert response.headers["Content-Disposition"].endswith('.xlsx"')
    assert response.headers["Cache-Control"] == "no-store"
    page = load_workbook(io.BytesIO(await response.read())).active
    header = [cell.value for cell in page[1]]
    cells = {name: page.cell(row=2, column=n) for n, name in enumerate(header, 1)}
    assert cells["IIN"].value == LEADING_ZERO_IIN and cells["IIN"].data_type == "s"
    assert cells["Admitted at"].is_date and cells["Days in"].value == 0


async def test_another_hospitals_clerk_sees_nothing_of_these_patients(desk, bureau):
    ours = await place(bureau)
    await desk.admit_next(bureau.today())
    await json_of(await desk.emergency(random_iin()), 201)
    intruder = desk.other(ELSEWHERE)

    listed = await json_of(await intruder.inpatients())
    board = await json_of(await intruder.board())
    as_csv = await (await intruder.inpatients(format="csv")).read()

    assert (listed["inpatients"], listed["total"]) == ([], 0)
    assert {p["queue_id"].split(":")[0] for p in board["profiles"]} == {ELSEWHERE}
    assert all(p["occupied"] == 0 for p in board["profiles"])
    shown = json.dumps([listed, board]) + as_csv.decode("utf-8-sig")
    assert ours.iin not in shown and ours.code not in shown
    assert len(as_csv.decode("utf-8-sig").splitlines()) == 1
