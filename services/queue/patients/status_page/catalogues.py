"""Message catalogues of the status page: one gettext ``.po`` file per
language, read with Babel once at start."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from shared.contracts.events import LANGUAGES
from shared.http.translations import read_catalogue

LOCALES_DIR = Path(__file__).with_name("locales")
DEFAULT_LANGUAGE = "kk"
"""The page's language when the browser asks for none of ``LANGUAGES``."""


@cache
def catalogue(language: str) -> dict[str, str]:
    """msgid -> text for ``language``; every msgid must be translated."""
    return read_catalogue(LOCALES_DIR / f"{language}.po", language)


def all_catalogues() -> dict[str, dict[str, str]]:
    return {language: catalogue(language) for language in LANGUAGES}
