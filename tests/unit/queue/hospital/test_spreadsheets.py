"""The clerk's spreadsheets, read back as Excel and LibreOffice would: a CSV
in UTF-8 with a BOM, split on the reader's locale's delimiter, the header in
their language, an IIN kept as text with its leading 0, moments in the
bureau's time zone without microseconds; an XLSX with typed cells, a bold
frozen header and columns wide enough; what is asked for by format, Accept,
lang, Accept-Language and delimiter."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from aiohttp.test_utils import make_mocked_request
from openpyxl import load_workbook

from services.queue.hospital.entrypoints.csv_sheet import BOM, csv_bytes
from services.queue.hospital.entrypoints.exports import (
    CSV,
    XLSX,
    Export,
    requested_export,
)
from services.queue.hospital.entrypoints.sheet_columns import (
    ADMISSION_COLUMNS,
    ADMISSIONS_TITLES,
    INPATIENT_COLUMNS,
    INPATIENTS_TITLES,
)
from services.queue.hospital.entrypoints.sheets import Sheet, safe_name
from services.queue.hospital.entrypoints.xlsx_sheet import xlsx_bytes
from services.queue.waiting_list.service_layer.calendar import Calendar

TZ = Calendar("Asia/Almaty").tz
IIN = "061211600012"
ROW = {
    "entry_id": "e1",
    "hospitalization_code": "75-7K3M-Q9TX-R",
    "kind": "referral",
    "iin": IIN,
    "full_name": "Әлия Серікқызы О'Нил",
    "bed_profile": "psychiatry",
    "stay": "round_the_clock",
    "referring_facility_id": "KZ-75-P01",
    "admitted_at": "2026-11-02T19:30:15.123456+00:00",
    "expected_discharge": "2026-11-27",
    "days_in": 3,
    "overdue": False,
}
SHEET = Sheet("inpatients-KZ-75-M01", INPATIENTS_TITLES, INPATIENT_COLUMNS, [ROW])
ADMITTED_AT = [c.key for c in INPATIENT_COLUMNS].index("admitted_at")


def read_csv(body: bytes, delimiter: str) -> list[list[str]]:
    assert body.startswith(BOM.encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=delimiter))


@pytest.mark.parametrize(
    ("language", "delimiter", "iin_header", "flag"),
    [("ru", ";", "ИИН", "нет"), ("kk", ";", "ЖСН", "жоқ"), ("en", ",", "IIN", "no")],
)
def test_the_csv_reads_back_in_each_language(language, delimiter, iin_header, flag):
    header, row = read_csv(csv_bytes(SHEET, language, delimiter, TZ), delimiter)
    assert header == [c.labels[language] for c in INPATIENT_COLUMNS]
    cells = dict(zip(header, row, strict=True))
    assert cells[iin_header] == f'="{IIN}"'
    assert row[INPATIENT_COLUMNS.index(INPATIENT_COLUMNS[-1])] == flag


def test_a_csv_moment_is_local_to_the_minute_and_a_date_iso():
    header, row = read_csv(csv_bytes(SHEET, "en", ",", TZ), ",")
    cells = dict(zip(header, row, strict=True))
    assert cells["Admitted at"] == "2026-11-03 00:30"
    assert cells["Expected discharge"] == "2026-11-27"
    assert (cells["Days in"], cells["Entry ID"]) == ("3", "e1")


def test_the_csv_delimiter_can_be_any_asked_and_empty_cells_stay_empty():
    row = {**ROW, "admitted_at": None, "hospitalization_code": "a;b,c"}
    sheet = Sheet("x", INPATIENTS_TITLES, INPATIENT_COLUMNS, [row])
    for delimiter in (";", ",", "\t"):
        _, parsed = read_csv(csv_bytes(sheet, "ru", delimiter, TZ), delimiter)
        assert parsed[1] == "a;b,c" and parsed[ADMITTED_AT] == ""


def test_csv_text_a_spreadsheet_would_run_is_written_as_text():
    row = {**ROW, "hospitalization_code": "=HYPERLINK(1)", "entry_id": "+1"}
    sheet = Sheet("x", INPATIENTS_TITLES, INPATIENT_COLUMNS, [row])
    _, parsed = read_csv(csv_bytes(sheet, "en", ",", TZ), ",")
    assert parsed[:2] == ["'+1", "'=HYPERLINK(1)"]


def test_the_xlsx_has_typed_cells_and_a_frozen_bold_header():
    book = load_workbook(io.BytesIO(xlsx_bytes(SHEET, "ru", TZ)))
    page = book.active
    assert page.title == "В стационаре" and len(book.worksheets) == 1
    header = [cell.value for cell in page[1]]
    assert header == [c.labels["ru"] for c in INPATIENT_COLUMNS]
    assert all(cell.font.bold for cell in page[1])
    assert page.freeze_panes == "A2"
    cells = {
        c.key: page.cell(row=2, column=n) for n, c in enumerate(INPATIENT_COLUMNS, 1)
    }
    assert (cells["iin"].value, cells["iin"].data_type) == (IIN, "s")
    assert cells["iin"].number_format == "@"
    assert cells["admitted_at"].value == datetime(2026, 11, 3, 0, 30, 15)
    assert cells["admitted_at"].is_date
    assert cells["expected_discharge"].value == datetime(2026, 11, 27)
    assert cells["expected_discharge"].number_format == "mm-dd-yy"
    assert (cells["days_in"].value, cells["overdue"].value) == (3, False)
    assert cells["days_in"].data_type == "n" and cells["overdue"].data_type == "b"
    widths = [page.column_dimensions[chr(65 + n)].width for n in range(11)]
    assert widths[3] >= len(IIN) and all(2 < w <= 40 for w in widths)


def test_xlsx_text_is_never_a_formula_and_empty_cells_stay_empty():
    row = {**ROW, "hospitalization_code": "=1+1", "admitted_at": None}
    sheet = Sheet("x", INPATIENTS_TITLES, INPATIENT_COLUMNS, [row])
    page = load_workbook(io.BytesIO(xlsx_bytes(sheet, "en", TZ))).active
    assert page["B2"].value == "=1+1" and page["B2"].data_type == "s"
    assert page.cell(row=2, column=ADMITTED_AT + 1).value is None


def test_every_column_and_title_has_all_three_languages():
    for columns in (ADMISSION_COLUMNS, INPATIENT_COLUMNS):
        for column in columns:
            assert set(column.labels) == {"kk", "ru", "en"}, column.key
            assert all(column.labels.values()), column.key
    for titles in (ADMISSIONS_TITLES, INPATIENTS_TITLES):
        assert set(titles) == {"kk", "ru", "en"}
        assert all(len(title) <= 31 for title in titles.values())


def test_a_file_name_keeps_only_safe_characters():
    assert safe_name("admissions-KZ-75-M01:psychiatry-2026-11-02") == (
        "admissions-KZ-75-M01-psychiatry-2026-11-02"
    )
    assert safe_name('a"b\r\n/..\\ж') == "a-b---..--"


def asked(query=None, **headers):
    request = make_mocked_request("GET", "/v1/inpatients", headers=headers)
    return requested_export(
        request, {"format": None, "lang": None, "delimiter": None, **(query or {})}
    )


def test_json_unless_a_spreadsheet_is_asked_for():
    assert asked() is None
    assert asked(Accept="application/json") is None
    assert asked({"format": "json"}, Accept="text/csv") is None


def test_a_spreadsheet_is_asked_for_by_format_or_accept():
    assert asked(Accept="text/csv") == Export(CSV, "kk", ";")
    assert asked(Accept=XLSX).media_type == XLSX
    assert asked({"format": "xlsx"}, Accept="text/csv").media_type == XLSX
    assert asked({"format": "csv"}).media_type == CSV


def test_the_language_and_delimiter_follow_the_reader_unless_told():
    ru = asked({"format": "csv"}, **{"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"})
    assert (ru.language, ru.delimiter) == ("ru", ";")
    en = asked({"format": "csv"}, **{"Accept-Language": "en-GB"})
    assert (en.language, en.delimiter) == ("en", ",")
    told = asked({"format": "csv", "lang": "en", "delimiter": ";"})
    assert (told.language, told.delimiter) == ("en", ";")
    assert asked({"format": "csv"}, **{"Accept-Language": "de"}).language == "kk"


def test_a_date_cell_reads_back_as_that_day():
    row = {"scheduled_date": "2026-11-05", "position": None}
    sheet = Sheet("x", ADMISSIONS_TITLES, ADMISSION_COLUMNS, [row])
    page = load_workbook(io.BytesIO(xlsx_bytes(sheet, "kk", TZ))).active
    [scheduled] = [
        n for n, c in enumerate(ADMISSION_COLUMNS, 1) if c.key == "scheduled_date"
    ]
    assert page.cell(row=2, column=scheduled).value.date() == date(2026, 11, 5)
    assert page.cell(row=2, column=2).value is None


@pytest.mark.parametrize(
    ("language", "header"),
    [("kk", "Пациенттің аты-жөні"), ("ru", "ФИО пациента"), ("en", "Patient's name")],
)
def test_the_patients_name_is_a_text_column_beside_the_iin(language, header):
    for columns in (ADMISSION_COLUMNS, INPATIENT_COLUMNS):
        keys = [c.key for c in columns]
        assert keys.index("full_name") == keys.index("iin") + 1
    names, row = read_csv(csv_bytes(SHEET, language, ";", TZ), ";")
    assert dict(zip(names, row, strict=True))[header] == ROW["full_name"]
    page = load_workbook(io.BytesIO(xlsx_bytes(SHEET, language, TZ))).active
    at = [c.key for c in INPATIENT_COLUMNS].index("full_name") + 1
    assert page.cell(row=1, column=at).value == header
    named = page.cell(row=2, column=at)
    assert (named.value, named.data_type) == (ROW["full_name"], "s")


def test_an_entry_without_a_name_has_an_empty_name_cell():
    sheet = Sheet(
        "x", INPATIENTS_TITLES, INPATIENT_COLUMNS, [{**ROW, "full_name": None}]
    )
    names, row = read_csv(csv_bytes(sheet, "en", ",", TZ), ",")
    assert dict(zip(names, row, strict=True))["Patient's name"] == ""
