"""Which answer a clerk's list is wanted in, and the spreadsheet answers.

JSON unless asked otherwise: ``format=csv|xlsx``, or an ``Accept`` naming
``text/csv`` or the XLSX type. A spreadsheet's language is ``lang``, else
the ``Accept-Language`` one (kk, ru, en; kk when none); a CSV's delimiter is
``delimiter``, else ``;`` for kk and ru (their Excel splits on it) and ``,``
for en. The file is personal data: never stored on the way, and saved, not
shown, under a name of safe characters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from services.queue.hospital.entrypoints.csv_sheet import csv_bytes
from services.queue.hospital.entrypoints.sheets import Sheet, safe_name
from services.queue.hospital.entrypoints.xlsx_sheet import xlsx_bytes
from shared.http.languages import asked_language

JSON = "application/json"
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"json": JSON, "csv": CSV, "xlsx": XLSX}
DELIMITERS = {";": ";", "semicolon": ";", ",": ",", "comma": ",", "tab": "\t"}
DELIMITER_OF_LANGUAGE = {"kk": ";", "ru": ";", "en": ","}
EXTENSIONS = {CSV: "csv", XLSX: "xlsx"}


@dataclass(frozen=True)
class Export:
    media_type: str
    language: str
    delimiter: str


def _accepted(accept: str) -> str:
    if XLSX in accept:
        return XLSX
    return CSV if CSV in accept else JSON


SHEET_LANGUAGE = "kk"
"""A spreadsheet's language when neither ``lang`` nor the browser names one."""


def requested_export(request: web.Request, query: dict[str, Any]) -> Export | None:
    """The spreadsheet asked for, or None for JSON."""
    asked = query["format"]
    media_type = (
        FORMATS[asked] if asked else _accepted(request.headers.get("Accept", ""))
    )
    if media_type == JSON:
        return None
    language = asked_language(request, query["lang"], SHEET_LANGUAGE)
    delimiter = query["delimiter"] or DELIMITER_OF_LANGUAGE[language]
    return Export(media_type, language, delimiter)


def export_response(
    sheet: Sheet, export: Export, tz: ZoneInfo, headers: dict[str, str]
) -> web.Response:
    if export.media_type == XLSX:
        body = xlsx_bytes(sheet, export.language, tz)
        charset = None
    else:
        body = csv_bytes(sheet, export.language, export.delimiter, tz)
        charset = "utf-8"
    name = f"{safe_name(sheet.stem)}.{EXTENSIONS[export.media_type]}"
    return web.Response(
        body=body,
        content_type=export.media_type,
        charset=charset,
        headers={
            **headers,
            "Cache-Control": "no-store",
            "Content-Disposition": f'attachment; filename="{name}"',
            "Content-Language": export.language,
            "Vary": "Accept, Accept-Language",
        },
    )
