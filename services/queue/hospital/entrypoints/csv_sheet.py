"""A sheet as CSV that opens by double-click in Excel and LibreOffice in
kk, ru or en: UTF-8 with a byte order mark (else Excel reads it in the
system's code page), the delimiter that locale's Excel splits on (``;`` where
the decimal separator is a comma), the header in the reader's language,
dates as ISO days, moments in the bureau's time zone to the minute, flags as
words. An IIN is written ``="012345678901"``: a formula whose value is the
text 012345678901, which Excel shows as such on opening and LibreOffice with
its import dialog's "Evaluate formulas" (a bare 12-digit number becomes
6.50201E+11 and loses a leading 0; a leading ``'`` would stay visible in
Excel). The XLSX export stores it as text outright. Other text that a
spreadsheet would run as a formula is written after a ``'``."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from services.queue.hospital.entrypoints.sheets import (
    DATE,
    FLAG,
    IIN,
    MOMENT,
    Column,
    Sheet,
    typed,
)

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FLAGS = {"kk": ("иә", "жоқ"), "ru": ("да", "нет"), "en": ("yes", "no")}


def cell(column: Column, value: Any, language: str, tz: ZoneInfo) -> str:
    shown = typed(column.kind, value, tz)
    if shown is None:
        return ""
    if column.kind == IIN:
        return f'="{shown}"'
    if column.kind == FLAG:
        yes, no = FLAGS[language]
        return yes if shown else no
    if column.kind == MOMENT and isinstance(shown, datetime):
        return shown.strftime("%Y-%m-%d %H:%M")
    if column.kind == DATE and isinstance(shown, date):
        return shown.isoformat()
    text = str(shown)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_bytes(sheet: Sheet, language: str, delimiter: str, tz: ZoneInfo) -> bytes:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([c.labels[language] for c in sheet.columns])
    for row in sheet.rows:
        writer.writerow([cell(c, row.get(c.key), language, tz) for c in sheet.columns])
    return out.getvalue().encode("utf-8")
