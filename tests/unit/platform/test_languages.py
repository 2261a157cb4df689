from __future__ import annotations

import pytest

from shared.http.languages import API_LANGUAGE, choose_language


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ru", "ru"),
        ("kk-KZ", "kk"),
        ("RU-ru", "ru"),
        ("ru-RU,ru;q=0.9,en;q=0.8", "ru"),
        ("en;q=0.5, kk;q=0.8, ru;q=0.7", "kk"),
        ("ru;q=0.8, kk;q=0.8", "ru"),  # a tie goes to the first named
        ("de-DE, fr;q=0.9, ru;q=0.1", "ru"),  # the only one spoken, however low
        ("kk;q=0, ru;q=0.2", "ru"),  # q=0: not acceptable
        ("kk ; Q = 0.9 , ru;q=0.95", "ru"),
    ],
)
def test_the_callers_highest_ranked_language_is_chosen(header, expected):
    assert choose_language(header, API_LANGUAGE) == expected


@pytest.mark.parametrize("header", [None, "", "de", "fr-FR, de;q=0.5", "kk;q=0"])
def test_a_header_naming_no_language_spoken_gives_the_default(header):
    assert choose_language(header, "en") == "en"
    assert choose_language(header, "kk") == "kk"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ru;q=bad, kk", "kk"),  # a malformed q refuses its range
        ("ru;q=2, kk;q=0.5", "kk"),  # q above 1 is malformed
        ("ru;q=-1, kk;q=0.5", "kk"),
        ("ru;q=nan", "en"),
        (";;;,,,==", "en"),
        ("ru;;q=0.9;;", "ru"),
        ("\x00ru, ,", "en"),
        ("*", "en"),
        ("*;q=0.9, ru;q=0.5", "en"),  # anything at all: the default
        ("ru;q=0.5, *", "en"),
        ("kkk, russian, e", "en"),  # not a language tag of ours
    ],
)
def test_a_malformed_header_never_fails(header, expected):
    assert choose_language(header, "en") == expected


def test_a_header_of_thousands_of_ranges_reads_only_the_first():
    header = ",".join(["de"] * 5000 + ["ru"])
    assert choose_language(header, "en") == "en"
    assert choose_language("ru;q=0.1," + header, "en") == "ru"
