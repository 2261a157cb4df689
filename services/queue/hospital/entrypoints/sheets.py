"""A spreadsheet of rows a clerk downloads (CSV or XLSX): typed columns,
each with its header in kk, ru and en, and the rows as the JSON answer has
them. ``typed`` turns a JSON value into what a spreadsheet holds: a date, a
moment in the bureau's time zone (to the second, no time zone: spreadsheets
have none), a number, a flag or text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

TEXT, IIN, DATE, MOMENT, NUMBER, FLAG = (
    "text",
    "iin",
    "date",
    "moment",
    "number",
    "flag",
)


@dataclass(frozen=True)
class Column:
    key: str
    kind: str
    labels: Mapping[str, str]
    """The header by language (kk, ru, en)."""


@dataclass(frozen=True)
class Sheet:
    stem: str
    """The file's name without its extension."""
    titles: Mapping[str, str]
    columns: Sequence[Column]
    rows: Sequence[Mapping[str, Any]]


def column(key: str, kind: str, kk: str, ru: str, en: str) -> Column:
    return Column(key, kind, {"kk": kk, "ru": ru, "en": en})


def typed(kind: str, value: Any, tz: ZoneInfo) -> Any:
    """A JSON value of a column as a spreadsheet holds it (None: empty)."""
    if value is None:
        return None
    if kind == DATE:
        return date.fromisoformat(value)
    if kind == MOMENT:
        local = datetime.fromisoformat(value).astimezone(tz)
        return local.replace(tzinfo=None, microsecond=0)
    if kind == NUMBER:
        return int(value)
    if kind == FLAG:
        return bool(value)
    return str(value)


def safe_name(text: str) -> str:
    """A file name of letters, digits, dots, hyphens and underscores only."""
    return "".join(
        c if c.isascii() and (c.isalnum() or c in "._-") else "-" for c in text
    )
