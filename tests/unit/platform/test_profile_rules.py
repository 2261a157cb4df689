"""Whom a bed profile admits: the age in whole years from the IIN's birth date
on a given day (29 February births included), the sex from its century digit,
and what the refusal says (the rule and the patient's age or sex, never the
IIN)."""

from __future__ import annotations

from datetime import date

import pytest

from shared.iin import birth_date
from shared.reference.profile_rules import (
    FEMALE,
    MALE,
    ProfileRule,
    age_on,
    patient_misfit,
    sex_of,
)
from tests.factories import iin_of

ADULT = ProfileRule(min_age=18)
PEDIATRIC = ProfileRule(max_age=18)
GYNECOLOGY = ProfileRule(min_age=18, sex=FEMALE)


@pytest.mark.parametrize(
    ("on", "age"),
    [
        (date(2026, 6, 14), 17),  # the day before the 18th birthday
        (date(2026, 6, 15), 18),  # the birthday
        (date(2027, 6, 14), 18),
        (date(2008, 6, 15), 0),
    ],
)
def test_the_age_grows_on_the_birthday(on, age):
    assert age_on(date(2008, 6, 15), on) == age


@pytest.mark.parametrize(
    ("on", "age"),
    [
        (date(2026, 2, 27), 17),
        (date(2026, 2, 28), 18),  # no 29th: the last day of February
        (date(2026, 3, 1), 18),
        (date(2028, 2, 28), 19),  # a leap year: the 29th itself
        (date(2028, 2, 29), 20),
    ],
)
def test_someone_born_on_29_february_turns_older_on_28_february_in_other_years(on, age):
    assert age_on(date(2008, 2, 29), on) == age


@pytest.mark.parametrize(
    ("digit", "year", "sex"),
    [
        ("1", 1899, MALE),
        ("2", 1899, FEMALE),
        ("3", 1979, MALE),
        ("4", 1979, FEMALE),
        ("5", 2008, MALE),
        ("6", 2008, FEMALE),
    ],
)
def test_the_century_digit_gives_the_century_and_the_sex(digit, year, sex):
    iin = iin_of(date(year, 10, 28), sex)
    assert iin[6] == digit
    assert (birth_date(iin).year, sex_of(iin)) == (year, sex)


def test_an_adult_profile_admits_from_the_18th_birthday_on():
    on = date(2026, 6, 15)
    assert patient_misfit(ADULT, iin_of(date(2008, 6, 15)), on) == []
    assert patient_misfit(ADULT, iin_of(date(1940, 1, 1)), on) == []
    assert patient_misfit(ADULT, iin_of(date(2008, 6, 16)), on) == [
        "This bed profile admits patients aged 18 and over at this hospital; "
        "this patient is 17."
    ]


def test_a_pediatric_profile_admits_until_the_day_before_the_18th_birthday():
    on = date(2026, 6, 15)
    assert patient_misfit(PEDIATRIC, iin_of(date(2008, 6, 16)), on) == []
    assert patient_misfit(PEDIATRIC, iin_of(date(2026, 6, 1), FEMALE), on) == []
    assert patient_misfit(PEDIATRIC, iin_of(date(2008, 6, 15)), on) == [
        "This bed profile admits patients under 18 at this hospital; "
        "this patient is 18."
    ]


def test_a_profile_for_one_sex_refuses_the_other_and_says_both_misfits():
    on = date(2026, 6, 15)
    assert patient_misfit(GYNECOLOGY, iin_of(date(1990, 1, 1), FEMALE), on) == []
    assert patient_misfit(GYNECOLOGY, iin_of(date(1990, 1, 1), MALE), on) == [
        "This bed profile admits only female patients at this hospital."
    ]
    assert patient_misfit(GYNECOLOGY, iin_of(date(2011, 1, 1), MALE), on) == [
        "This bed profile admits patients aged 18 and over at this hospital; "
        "this patient is 15.",
        "This bed profile admits only female patients at this hospital.",
    ]


def test_a_facility_range_like_16_and_over_moves_the_boundary():
    from_16 = ProfileRule(min_age=16)
    on = date(2026, 6, 15)
    assert patient_misfit(from_16, iin_of(date(2010, 6, 15)), on) == []
    assert patient_misfit(from_16, iin_of(date(2011, 1, 1)), on) == [
        "This bed profile admits patients aged 16 and over at this hospital; "
        "this patient is 15."
    ]


@pytest.mark.parametrize(
    ("rule", "born", "sentence"),
    [
        (
            ProfileRule(min_age=16, max_age=65),
            date(1950, 1, 1),
            "This bed profile admits patients aged 16 to 64 at this hospital; "
            "this patient is 76.",
        ),
        (
            ProfileRule(min_age=16, max_age=65),
            date(2026, 1, 1),
            "This bed profile admits patients aged 16 to 64 at this hospital; "
            "this patient is under a year old.",
        ),
        (
            ProfileRule(sex=MALE),
            date(1990, 1, 1),
            "This bed profile admits only male patients at this hospital.",
        ),
    ],
)
def test_the_rule_in_words(rule, born, sentence):
    assert patient_misfit(rule, iin_of(born, FEMALE), date(2026, 6, 15)) == [sentence]


def test_the_refusal_never_repeats_the_iin_or_the_birth_date():
    iin = iin_of(date(2025, 12, 1))
    [misfit] = patient_misfit(ADULT, iin, date(2026, 6, 15))
    assert "under a year old" in misfit
    for revealing in (iin, iin[:6], "2025"):
        assert revealing not in misfit
