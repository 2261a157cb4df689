"""The Kazakh individual identification number (IIN).

12 digits: YYMMDD birth date; digit 7 the century and sex (1/2: 1800s,
3/4: 1900s, 5/6: 2000s; odd male, even female); digits 8-11 a serial; digit 12
a check digit (weights 1..11, then 3..11,1,2 when the first pass gives 10).
The IIN is sensitive personal data: it encodes birth date and sex.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date

_CENTURIES = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}
_FIRST_WEIGHTS = tuple(range(1, 12))
_SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


class InvalidIIN(ValueError):
    pass


def check_digit(first_eleven: str) -> int | None:
    """The check digit for 11 digits, or None when no digit can be valid."""
    digits = [int(d) for d in first_eleven]
    control = sum(d * w for d, w in zip(digits, _FIRST_WEIGHTS, strict=True)) % 11
    if control == 10:
        control = sum(d * w for d, w in zip(digits, _SECOND_WEIGHTS, strict=True)) % 11
    return None if control == 10 else control


def birth_date(iin: str) -> date:
    century = _CENTURIES.get(iin[6])
    if century is None:
        raise InvalidIIN("The 7th digit (century and sex) must be 1 to 6.")
    try:
        return date(century + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError as exc:
        raise InvalidIIN("The first six digits are not a real birth date.") from exc


def validate_iin(iin: str) -> str:
    """Return the IIN if valid, else raise InvalidIIN saying what is wrong."""
    if len(iin) != 12 or not iin.isdigit():
        raise InvalidIIN("An IIN is exactly 12 digits.")
    born = birth_date(iin)
    if born > date.today():
        raise InvalidIIN("The birth date is in the future.")
    expected = check_digit(iin[:11])
    if expected is None or expected != int(iin[11]):
        raise InvalidIIN("The check digit does not match.")
    return iin


def iin_digest(iin: str, key: bytes) -> str:
    """A keyed digest of an IIN, to compare or index without storing it."""
    return hmac.new(key, iin.encode(), hashlib.sha256).hexdigest()


_BLOCK = 64  # SHA-256's block size


class IinDigester:
    """``iin_digest`` for one key, as raw bytes, with the key's two padded
    blocks hashed once (RFC 2104): the patients' lookup digests an IIN on
    every request, and this halves what that costs."""

    def __init__(self, key: bytes):
        if len(key) > _BLOCK:
            key = hashlib.sha256(key).digest()
        key = key.ljust(_BLOCK, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))

    def digest(self, iin: str) -> bytes:
        inner = self._inner.copy()
        inner.update(iin.encode())
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.digest()
