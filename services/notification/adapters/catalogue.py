"""Message catalogues: one gettext ``.po`` file per language under
``services/notification/locale``, compiled to ``.mo`` in memory with Babel
when the service starts (no compiled file to keep in step)."""

from __future__ import annotations

import gettext
from io import BytesIO
from pathlib import Path
from string import Formatter

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from services.notification.domain.privacy import revealing_terms

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "notification"
LANGUAGES = ("kk", "ru", "en")


class MissingTranslation(LookupError):
    pass


def po_path(language: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(language: str, locale_dir: Path = LOCALE_DIR) -> Catalog:
    with po_path(language, locale_dir).open("rb") as source:
        return read_po(source, locale=language, domain=DOMAIN)


def compile_catalog(catalog: Catalog) -> gettext.GNUTranslations:
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


class GettextCatalogue:
    """``text(language, msgid)``: the translated template, never the msgid
    itself (an untranslated entry is an error, not an English fallback)."""

    def __init__(
        self, languages: tuple[str, ...] = LANGUAGES, locale_dir: Path = LOCALE_DIR
    ):
        problems = review(languages, locale_dir)
        if problems:
            raise ValueError("message catalogues rejected: " + "; ".join(problems))
        self.languages = languages
        self._translations = {
            lang: compile_catalog(read_catalog(lang, locale_dir)) for lang in languages
        }

    def text(self, language: str, msgid: str) -> str:
        translated = self._translations[language].gettext(msgid)
        if translated == msgid:
            raise MissingTranslation(f"{language}: no translation for {msgid!r}")
        return translated


def catalogue_entries(language: str, locale_dir: Path = LOCALE_DIR) -> dict[str, str]:
    """Every msgid and its msgstr in one language's ``.po`` file."""
    return {
        str(m.id): str(m.string)
        for m in read_catalog(language, locale_dir)
        if m.id and isinstance(m.id, str)
    }


def review(
    languages: tuple[str, ...] = LANGUAGES, locale_dir: Path = LOCALE_DIR
) -> list[str]:
    """Problems that must keep a catalogue out of service: an entry missing
    or untranslated in a language, placeholders that differ from English,
    or a revealing term in any language."""
    entries = {lang: catalogue_entries(lang, locale_dir) for lang in languages}
    reference = entries.get("en") or next(iter(entries.values()))
    problems = []
    for lang, texts in entries.items():
        for msgid in sorted(set(reference) | set(texts)):
            text = texts.get(msgid, "")
            if not text:
                problems.append(f"{lang}: {msgid} is not translated")
                continue
            if _placeholders(text) != _placeholders(reference.get(msgid, "")):
                problems.append(f"{lang}: {msgid} has other placeholders than en")
            for term in revealing_terms(text):
                problems.append(f"{lang}: {msgid} contains the revealing {term!r}")
    return problems


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}
