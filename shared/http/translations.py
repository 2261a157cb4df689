"""The API's error messages in Kazakh and Russian: gettext catalogues under
``locales/`` (``kk.po``, ``ru.po``) whose msgids are the English messages.

A msgid with ``{placeholders}`` is a template: a message matches it when the
words around the placeholders match, and the translation gets the values
they held (each itself translated when it is a message of the catalogue,
e.g. the ``{detail}`` of a refused transition). A message no entry matches
stays English: translating never fails."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALES_DIR = Path(__file__).with_name("locales")
TRANSLATED = ("kk", "ru")
"""The languages with a catalogue; English is the msgid itself."""
PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
LONGEST_MATCHED = 2000
"""Longer messages are looked up whole only, never matched to templates."""


@dataclass(frozen=True)
class Template:
    pattern: re.Pattern[str]
    placeholders: tuple[str, ...]
    translation: str
    literal_length: int
    """How much of the template is words (the more, the more specific)."""

    @classmethod
    def of(cls, msgid: str, translation: str) -> Template:
        words = PLACEHOLDER.split(msgid)  # words, name, words, name, ..., words
        pattern = re.compile("(.+?)".join(map(re.escape, words[::2])), re.DOTALL)
        placeholders = tuple(words[1::2])
        return cls(pattern, placeholders, translation, len("".join(words[::2])))


class Catalogue:
    """One language's translations."""

    def __init__(self, translations: Mapping[str, str]):
        self.whole = {m: t for m, t in translations.items() if "{" not in m}
        templates = [Template.of(m, t) for m, t in translations.items() if "{" in m]
        self.templates = sorted(templates, key=lambda t: -t.literal_length)

    def translate(self, message: str, depth: int = 0) -> str:
        found = self.whole.get(message)
        if found is not None:
            return found
        if depth > 1 or len(message) > LONGEST_MATCHED:
            return message
        for template in self.templates:
            match = template.pattern.fullmatch(message)
            if match:
                return self._filled(template, match.groups(), depth + 1)
        return message

    def _filled(self, template: Template, values: tuple[str, ...], depth: int) -> str:
        held = dict(zip(template.placeholders, values, strict=True))

        def value(placeholder: re.Match[str]) -> str:
            return self.translate(held.get(placeholder[1], placeholder[0]), depth)

        return PLACEHOLDER.sub(value, template.translation)


@cache
def catalogue(language: str) -> Catalogue:
    """``language``'s catalogue (read once); an empty one for English or a
    language without a file."""
    if language not in TRANSLATED:
        return Catalogue({})
    return Catalogue(read_catalogue(LOCALES_DIR / f"{language}.po", language))


def read_catalogue(path: Path, language: str) -> dict[str, str]:
    """msgid -> translation of a ``.po`` file (untranslated entries left out)."""
    with path.open("rb") as po_file:
        messages = read_po(po_file, locale=language)
    return {str(m.id): str(m.string) for m in messages if m.id and m.string}


def translated(message: str, language: str) -> str:
    return catalogue(language).translate(message)


def translated_fields(
    field_messages: Mapping[str, list[str]], language: str
) -> dict[str, list[str]]:
    words = catalogue(language)
    return {
        field: [words.translate(message) for message in messages]
        for field, messages in field_messages.items()
    }
