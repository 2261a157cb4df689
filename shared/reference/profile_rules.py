"""Who a hospital's beds of one profile admit: an age range in whole years
and, where it is medically defined, one sex, both read from the patient's IIN.

The referral service checks a referral against it on its registration day and
the queue service an emergency admission on the day it is registered, each in
its own calendar's time zone: one rule, here, for both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NewType

from shared.iin import birth_date

FEMALE = "female"
MALE = "male"
SEXES = (FEMALE, MALE)
OLDEST = 150
"""No age range may name an age beyond this."""
IN_WORDS = (
    "The hospital's beds of this profile must admit the patient: the facility "
    "registry gives each bed profile an age range and, where it is medically "
    "defined, a sex, which the IIN's birth date and 7th digit are checked "
    "against on the day (Kazakhstan time). A patient they do not admit is a "
    "422 naming bed_profile with the rule and the patient's age or sex."
)
"""The rule as the APIs' documents describe it."""


@dataclass(frozen=True)
class ProfileRule:
    """Patients aged at least ``min_age`` and under ``max_age`` (no upper
    limit when None) on the day, of ``sex`` only when it is set."""

    min_age: int = 0
    max_age: int | None = None
    sex: str | None = None

    def admits_age(self, age: int) -> bool:
        return self.min_age <= age and (self.max_age is None or age < self.max_age)


ANYONE = ProfileRule()
Misfit = NewType("Misfit", str)
"""A sentence saying which rule the patient does not fit (a fixed template
of plain names, which the APIs' catalogues translate)."""


def age_on(born: date, day: date) -> int:
    """Whole years from ``born`` to ``day``. Someone born on 29 February
    turns a year older on 28 February when the year has no 29th (the last day
    of the month, as Kazakhstan's Civil Code ends a period on a day the month
    lacks)."""
    try:
        birthday = born.replace(year=day.year)
    except ValueError:
        birthday = date(day.year, 2, 28)
    return day.year - born.year - (day < birthday)


def sex_of(iin: str) -> str:
    """From the IIN's 7th digit (century and sex): odd male, even female."""
    return MALE if int(iin[6]) % 2 else FEMALE


def patient_misfit(rule: ProfileRule, iin: str, on: date) -> list[Misfit]:
    """Why the patient of this (valid) IIN does not fit the rule on ``on``,
    one sentence per rule broken (age, sex), in words that never repeat the
    IIN; empty when they fit. Each sentence is a fixed template of plain
    names, so the APIs can answer it in the caller's language."""
    misfits = []
    age = age_on(birth_date(iin), on)
    if not rule.admits_age(age):
        misfits.append(_age_misfit(rule, age))
    sex = sex_of(iin)
    if rule.sex is not None and sex != rule.sex:
        misfits.append(_sex_misfit(rule.sex))
    return misfits


def _age_misfit(rule: ProfileRule, age: int) -> Misfit:
    min_age, max_age = rule.min_age, rule.max_age
    if max_age is None:
        if age < 1:
            return Misfit(
                f"This bed profile admits patients aged {min_age} and over at "
                "this hospital; this patient is under a year old."
            )
        return Misfit(
            f"This bed profile admits patients aged {min_age} and over at this "
            f"hospital; this patient is {age}."
        )
    if not min_age:
        return Misfit(
            f"This bed profile admits patients under {max_age} at this hospital; "
            f"this patient is {age}."
        )
    oldest = max_age - 1
    if age < 1:
        return Misfit(
            f"This bed profile admits patients aged {min_age} to {oldest} at "
            "this hospital; this patient is under a year old."
        )
    return Misfit(
        f"This bed profile admits patients aged {min_age} to {oldest} at this "
        f"hospital; this patient is {age}."
    )


def _sex_misfit(admitted: str) -> Misfit:
    if admitted == FEMALE:
        return Misfit("This bed profile admits only female patients at this hospital.")
    return Misfit("This bed profile admits only male patients at this hospital.")
