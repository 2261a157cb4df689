"""The reader's language from ``Accept-Language`` (RFC 9110, 12.5.4): the
supported language the caller ranks highest, or the default. Each answer
decides its default: the APIs English (integrators read them), the patient's
status page Kazakh."""

from __future__ import annotations

from aiohttp import web

from shared.contracts.events import LANGUAGES

API_LANGUAGE = "en"
"""What an API answers in when the caller asks for no language it speaks."""
MOST_RANGES = 16
"""Ranges of a header read at most; the rest are ignored."""


def choose_language(accept_language: str | None, default: str) -> str:
    """The first of ``LANGUAGES`` by the header's q-values (ties in the
    header's order; a region such as ``ru-KZ`` counts as its language;
    ``q=0`` and a malformed q refuse the range), else ``default``; ``*``
    stands for ``default``. Never raises, whatever the header holds."""
    best, best_quality = default, 0.0
    for part in (accept_language or "").split(",", MOST_RANGES)[:MOST_RANGES]:
        tag, _, parameters = part.partition(";")
        language = tag.strip().split("-", 1)[0].lower()
        if language == "*":
            language = default
        elif language not in LANGUAGES:
            continue
        quality = _quality(parameters)
        if quality > best_quality:
            best, best_quality = language, quality
    return best


def asked_language(request: web.Request, chosen: object, default: str) -> str:
    """``chosen`` (a ``lang`` parameter or form field) when it is one of
    ``LANGUAGES``, else the ``Accept-Language`` header's, else ``default``."""
    if isinstance(chosen, str) and chosen in LANGUAGES:
        return chosen
    return choose_language(request.headers.get("Accept-Language"), default)


def language_headers(language: str) -> dict[str, str]:
    """The headers of an answer whose texts are in ``language`` and that
    depends on the caller's ``Accept-Language``."""
    return {"Content-Language": language, "Vary": "Accept-Language"}


def api_language(request: web.Request) -> str:
    """The language of an API's answer to ``request`` (its error messages,
    the names it gives): the caller's, else English."""
    return choose_language(request.headers.get("Accept-Language"), API_LANGUAGE)


def _quality(parameters: str) -> float:
    """The range's q (1 when absent; 0, refusing it, when not a number from
    0 to 1)."""
    for parameter in parameters.split(";"):
        name, _, value = parameter.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                quality = float(value.strip())
            except ValueError:
                return 0.0
            return quality if 0.0 <= quality <= 1.0 else 0.0
    return 1.0
