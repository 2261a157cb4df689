from __future__ import annotations

import html
import re

import pytest

from services.queue.patients.status_page.catalogues import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    PageTexts,
    catalogue,
)
from services.queue.patients.status_page.page import STATIC_DIR, render
from services.queue.settings import QueueSettings
from shared.http.languages import choose_language

PAGE = PageTexts.of(QueueSettings())
REVEALING = re.compile(
    r"psychiatr|narcolog|addiction|mental|психиатр|нарколог|зависимост|психическ|"
    r"психикалық|тәуелділік",
    re.IGNORECASE,
)


def test_every_message_exists_in_all_three_languages():
    keys = {language: set(catalogue(language)) for language in LANGUAGES}
    assert keys["kk"] == keys["ru"] == keys["en"]
    assert all(
        text.strip() for language in LANGUAGES for text in catalogue(language).values()
    )


def test_placeholders_match_across_languages():
    placeholders = re.compile(r"\{(\w+)\}")
    for key, english in catalogue("en").items():
        expected = sorted(placeholders.findall(english))
        for language in ("kk", "ru"):
            assert sorted(placeholders.findall(catalogue(language)[key])) == expected, (
                key
            )


@pytest.mark.parametrize("language", LANGUAGES)
def test_page_texts_come_from_the_catalogue(language):
    page = render(PAGE, language)
    assert f'<html lang="{language}">' in page
    assert catalogue(language)["page.title"] in page
    assert "$" not in page.split('<script id="catalogues"')[0]


def test_markup_has_no_hard_coded_texts():
    shell = (STATIC_DIR / "page.html").read_text(encoding="utf-8")
    visible = re.sub(r"<script.*?</script>|<[^>]+>", " ", shell, flags=re.S)
    words = [w for w in visible.split() if not w.startswith("$")]
    assert words == ["Қазақша", "Русский", "English"]  # each language's own name


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_text_reveals_the_kind_of_care(language):
    for key, text in catalogue(language).items():
        assert not REVEALING.search(text), (language, key)


def test_the_revealing_check_catches_a_planted_term():
    assert REVEALING.search("Наркологический центр")


def test_page_loads_nothing_from_elsewhere():
    for name in ("page.html", "page.js", "page.css"):
        text = (STATIC_DIR / name).read_text(encoding="utf-8")
        assert not re.search(r"https?://", text), name


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ru-RU,ru;q=0.9,en;q=0.8", "ru"),
        ("en-US,en;q=0.9", "en"),
        ("de-DE, en;q=0.5, kk;q=0.8", "kk"),
        ("", "kk"),
        ("fr", "kk"),
        ("en;q=bad, ru", "ru"),
    ],
)
def test_language_is_chosen_from_the_browser(header, expected):
    assert choose_language(header, DEFAULT_LANGUAGE) == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_one_time_code_step_is_labelled_in_every_language(language):
    page = render(PAGE, language)
    texts = catalogue(language)
    for key in ("form.otp.label", "form.otp.hint", "form.otp.resend"):
        assert html.escape(texts[key]) in page, key
    assert 'autocomplete="one-time-code"' in page
    assert '<div class="field" id="otp-step" hidden>' in page
