"""A sheet as an Excel workbook (openpyxl) with typed cells: dates and
moments (in the bureau's time zone) as dates shown in the reader's own
short format, numbers as numbers, flags as booleans, IINs and codes as text
(never read as numbers or formulas); the header row in the reader's
language, bold and frozen, and each column as wide as what it holds."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from services.queue.hospital.entrypoints.sheets import (
    DATE,
    IIN,
    MOMENT,
    TEXT,
    Sheet,
    typed,
)

SHORT_DATE = "mm-dd-yy"
"""Excel's built-in format 14, which Excel and LibreOffice show in the
reader's locale (02.11.2026, 11/2/2026, ...)."""
SHORT_MOMENT = "m/d/yy h:mm"
"""Built-in format 22: the locale's short date and time."""
FORMATS = {DATE: SHORT_DATE, MOMENT: SHORT_MOMENT, IIN: "@", TEXT: "@"}
WIDEST = 40
TITLE_MAX = 31


def _put(cell: Cell | MergedCell, kind: str, value: Any) -> int:
    """Write the value with its kind's format; how wide it shows."""
    cell.value = value
    if kind in FORMATS:
        cell.number_format = FORMATS[kind]
    if isinstance(value, str):
        cell.data_type = "s"
        return len(value)
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    return len(str(value)) if value is not None else 0


def xlsx_bytes(sheet: Sheet, language: str, tz: ZoneInfo) -> bytes:
    book = Workbook()
    page = book.create_sheet(sheet.titles[language][:TITLE_MAX], 0)
    book.remove(book.worksheets[1])
    widths = []
    for at, column in enumerate(sheet.columns, start=1):
        header = page.cell(row=1, column=at, value=column.labels[language])
        header.font = Font(bold=True)
        widths.append(len(column.labels[language]))
    for row_at, row in enumerate(sheet.rows, start=2):
        for at, column in enumerate(sheet.columns, start=1):
            value = typed(column.kind, row.get(column.key), tz)
            shown = _put(page.cell(row=row_at, column=at), column.kind, value)
            widths[at - 1] = max(widths[at - 1], shown)
    for at, width in enumerate(widths, start=1):
        page.column_dimensions[get_column_letter(at)].width = min(width + 2, WIDEST)
    page.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
