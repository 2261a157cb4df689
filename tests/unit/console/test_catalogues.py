"""The console's catalogues: every text it shows has a Kazakh and a Russian
translation with the same placeholders, and none lists a text it no longer
shows."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from services.console.messages import console_texts
from services.console.words import po_path, words
from shared.http.translations import read_catalogue

PLACEHOLDER = re.compile(r"\{[^{}]+\}")


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_text_the_console_shows_is_translated(language):
    translations = read_catalogue(po_path(language), language)
    missing = sorted(console_texts() - set(translations))
    assert not missing, f"{language} lacks: {missing}"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_translations_keep_the_placeholders(language):
    for msgid, text in read_catalogue(po_path(language), language).items():
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_no_catalogue_keeps_a_text_the_console_no_longer_shows(language):
    with po_path(language).open("rb") as po_file:
        listed = {str(m.id) for m in read_po(po_file, locale=language) if m.id}
    assert listed == console_texts(), sorted(listed ^ console_texts())


def test_a_text_is_filled_in_after_translation():
    assert words("ru")("Referral {code}", code="75-7K3M-Q9TX-R") == (
        "Направление 75-7K3M-Q9TX-R"
    )
    assert words("en")("Referral {code}", code="X") == "Referral X"
