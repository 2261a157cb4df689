"""Test data shared by every test layer: random but valid patients, and
the bearer tokens callers present."""

from __future__ import annotations

import random
from datetime import date, timedelta

from shared.auth import issue_token
from shared.iin import check_digit
from shared.settings import ServiceSettings


def random_iin(rng: random.Random | None = None) -> str:
    """A valid IIN of someone born 1940-2009."""
    rng = rng or random.Random()
    while True:
        born = date(1940, 1, 1) + timedelta(days=rng.randrange(70 * 365))
        century = "3" if born.year < 2000 else "5"
        first = f"{born:%y%m%d}{century}{rng.randrange(10_000):04d}"
        digit = check_digit(first)
        if digit is not None:
            return f"{first}{digit}"


def random_mobile(rng: random.Random | None = None) -> str:
    """A Kazakhstan mobile number in E.164 (Kcell/Beeline/Tele2/Altel ranges)."""
    rng = rng or random.Random()
    return f"+77{rng.choice(['01', '02', '05', '07', '47', '71', '75', '77'])}" + (
        f"{rng.randrange(10_000_000):07d}"
    )


def bearer(
    settings: ServiceSettings, role: str, facility: str, subject: str = "tester"
) -> dict[str, str]:
    """An Authorization header with a token of the settings' issuer."""
    signed = issue_token(
        settings.jwt_secret,
        role=role,
        facility=facility,
        subject=subject,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
    )
    return {"Authorization": f"Bearer {signed}"}
