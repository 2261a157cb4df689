"""Test data shared by every test layer: random but valid patients, and
the bearer tokens callers present."""

from __future__ import annotations

import random
from datetime import date, timedelta

from shared.clock import utc_now
from shared.iin import check_digit
from shared.settings import ServiceSettings
from tests.identity import TEST_ISSUER

ADULTS = (date(1940, 1, 1), date(2005, 1, 1))
"""Birth dates of patients who are adults (18 and over) on any date from 2023
on, so on every test's clock."""
SEXES = ("female", "male")
CENTURY_DIGITS = {1800: 1, 1900: 3, 2000: 5}
"""The 7th digit of a man born in each century; a woman's is one more."""


def iin_of(born: date, sex: str = "male", rng: random.Random | None = None) -> str:
    """A valid IIN of someone of ``sex`` born on ``born``."""
    rng = rng or random.Random()
    century = CENTURY_DIGITS[born.year // 100 * 100] + (sex == "female")
    while True:
        first = f"{born:%y%m%d}{century}{rng.randrange(10_000):04d}"
        digit = check_digit(first)
        if digit is not None:
            return f"{first}{digit}"


def iin_aged(age: int, on: date, sex: str = "male") -> str:
    """A valid IIN of someone who is ``age`` on ``on`` (and some days before
    and after it: their birthday was 100 days before)."""
    anniversary = date(on.year - age, on.month, min(on.day, 28))
    return iin_of(anniversary - timedelta(days=100), sex)


def random_iin(
    rng: random.Random | None = None,
    *,
    born: tuple[date, date] = ADULTS,
    sex: str | None = None,
) -> str:
    """A valid IIN of someone born from ``born[0]`` to before ``born[1]`` (by
    default an adult on every test's clock) of ``sex`` (either when None)."""
    rng = rng or random.Random()
    first, last = born
    birth = first + timedelta(days=rng.randrange((last - first).days))
    return iin_of(birth, sex or rng.choice(SEXES), rng)


def random_mobile(rng: random.Random | None = None) -> str:
    """A Kazakhstan mobile number in E.164 (Kcell/Beeline/Tele2/Altel ranges)."""
    rng = rng or random.Random()
    return f"+77{rng.choice(['01', '02', '05', '07', '47', '71', '75', '77'])}" + (
        f"{rng.randrange(10_000_000):07d}"
    )


def bearer(
    settings: ServiceSettings, role: str, facility: str, subject: str = "tester"
) -> dict[str, str]:
    """An Authorization header with a token of the tests' issuer, which
    ``settings`` must name (``oidc_issuer=TEST_ISSUER.url``)."""
    if settings.oidc_issuer != TEST_ISSUER.url:
        raise AssertionError("build the settings with oidc_issuer=TEST_ISSUER.url")
    now = utc_now()
    claims = {
        "sub": subject,
        "role": role,
        "facility": facility,
        "iss": settings.oidc_issuer,
        "aud": settings.oidc_audience,
        "iat": now,
        "exp": now + timedelta(hours=1),
    }
    return {"Authorization": f"Bearer {TEST_ISSUER.mint(claims)}"}
