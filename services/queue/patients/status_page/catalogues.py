"""Message catalogues of the status page: one gettext ``.po`` file per
language, read with Babel once at start."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALES_DIR = Path(__file__).with_name("locales")
LANGUAGES = ("kk", "ru", "en")
DEFAULT_LANGUAGE = "kk"


@cache
def catalogue(language: str) -> dict[str, str]:
    """msgid -> text for ``language``; every msgid must be translated."""
    with (LOCALES_DIR / f"{language}.po").open("rb") as po_file:
        messages = read_po(po_file, locale=language)
    return {str(m.id): str(m.string) for m in messages if m.id and m.string}


def all_catalogues() -> dict[str, dict[str, str]]:
    return {language: catalogue(language) for language in LANGUAGES}


def choose_language(accept_language: str | None) -> str:
    """The first supported language in an Accept-Language header."""
    ranked = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, index, tag.strip().lower()[:2]))
    for _, _, language in sorted(ranked):
        if language in LANGUAGES:
            return language
    return DEFAULT_LANGUAGE
