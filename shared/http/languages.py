"""The reader's language from an ``Accept-Language`` header: the first of
the languages offered (kk, ru, en unless told), by quality then order."""

from __future__ import annotations

from collections.abc import Sequence

LANGUAGES = ("kk", "ru", "en")
DEFAULT_LANGUAGE = "kk"


def choose_language(
    accept_language: str | None,
    offered: Sequence[str] = LANGUAGES,
    default: str = DEFAULT_LANGUAGE,
) -> str:
    """The first offered language in an Accept-Language header."""
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
        if language in offered:
            return language
    return default
