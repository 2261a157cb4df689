"""The console's words in Kazakh, Russian and English: a gettext catalogue
per language under ``locale/<lang>/LC_MESSAGES/console.po`` whose msgids are
the English texts, read with Babel once (no compiled file to keep in step).

The reader's language: ``?lang=`` (kept in a cookie), else the cookie, else
``Accept-Language``, else Kazakh."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

from aiohttp import web

from shared.contracts.events import LANGUAGES
from shared.http.languages import asked_language
from shared.http.translations import read_catalogue

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "console"
DEFAULT_LANGUAGE = "kk"
LANGUAGE_COOKIE = "kezek_lang"
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


class Words:
    """One language's texts: ``words("Hello, {name}", name=...)``. A text
    without a translation stays English, never fails."""

    def __init__(self, language: str, translations: Mapping[str, str]):
        self.language = language
        self.translations = dict(translations)

    def __call__(self, text: str, **values: object) -> str:
        translated = self.translations.get(text, text)
        return translated.format(**values) if values else translated


@cache
def words(language: str) -> Words:
    return Words(language, read_catalogue(po_path(language), language))


def page_language(request: web.Request) -> str:
    """The language the page is asked in (see the module's text)."""
    chosen = request.query.get("lang") or request.cookies.get(LANGUAGE_COOKIE)
    return asked_language(request, chosen, DEFAULT_LANGUAGE)


def keep_language(
    request: web.Request, response: web.StreamResponse, *, secure: bool
) -> None:
    """A ``?lang=`` the reader chose is remembered for a year."""
    chosen = request.query.get("lang")
    if chosen in LANGUAGES and chosen != request.cookies.get(LANGUAGE_COOKIE):
        response.set_cookie(
            LANGUAGE_COOKIE,
            chosen,
            max_age=365 * 24 * 3600,
            path="/",
            httponly=True,
            samesite="Lax",
            secure=secure,
        )
