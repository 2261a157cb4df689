"""Message catalogues of the status page: one gettext ``.po`` file per
language, read with Babel once at start.

A number the queue's settings decide (the days an expired referral can be
reinstated) is never written in a catalogue: the text has a placeholder,
``{reinstate_days}``, that :class:`PageTexts` fills in from the settings, for
the server's rendering and for page.js alike."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from aiohttp import web

from services.queue.settings import QueueSettings
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


def settings_numbers(settings: QueueSettings) -> dict[str, int]:
    """The placeholders the settings fill in, and their values."""
    return {"reinstate_days": settings.reinstate_days}


@dataclass(frozen=True)
class PageTexts:
    """Each language's texts with the settings' numbers filled in, and all of
    them as the JSON page.js reads (safe inside a ``<script>``)."""

    texts: Mapping[str, Mapping[str, str]]
    embedded: str

    @classmethod
    def of(cls, settings: QueueSettings) -> PageTexts:
        numbers = settings_numbers(settings)
        texts = {
            language: {key: _filled(text, numbers) for key, text in found.items()}
            for language, found in all_catalogues().items()
        }
        embedded = (
            json.dumps(texts, ensure_ascii=False)
            .replace("<", "\\u003c")
            .replace(">", "\\u003e")
            .replace("&", "\\u0026")
        )
        return cls(texts, embedded)


def _filled(text: str, numbers: Mapping[str, int]) -> str:
    for name, value in numbers.items():
        text = text.replace("{" + name + "}", str(value))
    return text


PAGE_TEXTS = web.AppKey("status_page_texts", PageTexts)
