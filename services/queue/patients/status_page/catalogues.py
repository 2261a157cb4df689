"""Message catalogues of the status page: one gettext ``.po`` file per
language, read with Babel once at start."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

from shared.http.languages import DEFAULT_LANGUAGE, LANGUAGES, choose_language

LOCALES_DIR = Path(__file__).with_name("locales")
__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "all_catalogues",
    "catalogue",
    "choose_language",
]


@cache
def catalogue(language: str) -> dict[str, str]:
    """msgid -> text for ``language``; every msgid must be translated."""
    with (LOCALES_DIR / f"{language}.po").open("rb") as po_file:
        messages = read_po(po_file, locale=language)
    return {str(m.id): str(m.string) for m in messages if m.id and m.string}


def all_catalogues() -> dict[str, dict[str, str]]:
    return {language: catalogue(language) for language in LANGUAGES}
