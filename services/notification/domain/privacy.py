"""Words a message must never contain: they would tell whoever sees the
patient's phone what kind of care the patient is waiting for."""

from __future__ import annotations

import re
from collections.abc import Iterable

REVEALING_STEMS = (
    # English
    "psychiatr",
    "psycho",
    "narcolog",
    "addict",
    "mental",
    "drug",
    "substance",
    "methadone",
    "rehab",
    "detox",
    "dispensary",
    # Russian
    "психиатр",
    "психич",
    "психоневр",
    "нарколог",
    "наркот",
    "наркоман",
    "зависимост",
    "метадон",
    "диспансер",
    "реабилит",
    # Kazakh
    "психикал",
    "тәуелділ",
    "есірткі",
    "нашақор",
)
_PATTERN = re.compile("|".join(re.escape(s) for s in REVEALING_STEMS), re.IGNORECASE)


def revealing_terms(text: str) -> list[str]:
    """The revealing words found in ``text`` (case-insensitive stems)."""
    return sorted({m.group(0).casefold() for m in _PATTERN.finditer(text.casefold())})


class RevealingText(ValueError):
    """A message would name the kind of care. The catalogues are checked
    (in tests and when the service starts), so this is a programming or
    configuration error; the terms found are in ``terms``, never in a log."""

    def __init__(self, terms: list[str]):
        super().__init__("revealing terms in a message")
        self.terms = terms


def assert_discreet(texts: Iterable[str]) -> None:
    """Raise :class:`RevealingText` if any of ``texts`` has a revealing term."""
    found = {term for text in texts for term in revealing_terms(text)}
    if found:
        raise RevealingText(sorted(found))
