"""The hospitalization code a patient reads out over the phone: ``75-7K3M-Q9TX-R``.

- ``75``: the region (KATO) of the referring facility, as on the national portal;
- eight symbols of Crockford's base32 (no I, L, O or U): 40 random bits;
- a check symbol from the same alphabet, Luhn mod 32 over the ten symbols
  before it, so any single mistyped symbol is caught (and most swaps of two
  neighbours).

Reading a code forgives case, spaces, missing hyphens, O for 0 and I or L for 1.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_SYMBOLS = 8
RANDOM_BITS = RANDOM_SYMBOLS * 5
_VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_BASE = len(ALPHABET)


def _luhn_sum(values: list[int], double_rightmost: bool) -> int:
    total = 0
    double = double_rightmost
    for value in reversed(values):
        addend = value * 2 if double else value
        total += addend // _BASE + addend % _BASE
        double = not double
    return total


def check_symbol(payload: str) -> str:
    """The Luhn mod 32 check symbol for ``payload`` (alphabet symbols only)."""
    total = _luhn_sum([_VALUE[s] for s in payload], double_rightmost=True)
    return ALPHABET[(_BASE - total % _BASE) % _BASE]


def _format(compact: str) -> str:
    return f"{compact[:2]}-{compact[2:6]}-{compact[6:10]}-{compact[10]}"


def new_code(region: str, random_bits: Callable[[int], int] = secrets.randbits) -> str:
    if len(region) != 2 or not region.isdigit():
        raise ValueError("a region code is two digits")
    bits = random_bits(RANDOM_BITS)
    symbols = "".join(
        ALPHABET[(bits >> (5 * i)) & 31] for i in reversed(range(RANDOM_SYMBOLS))
    )
    payload = region + symbols
    return _format(payload + check_symbol(payload))


def normalize(text: str) -> str | None:
    """The canonical form of a code as typed, or None when it cannot be one
    (wrong length, a symbol outside the alphabet, or a failed check)."""
    compact = "".join(text.split()).replace("-", "").upper().translate(_LOOKALIKES)
    if len(compact) != 2 + RANDOM_SYMBOLS + 1 or not compact[:2].isdigit():
        return None
    if any(symbol not in _VALUE for symbol in compact):
        return None
    values = [_VALUE[s] for s in compact]
    if _luhn_sum(values, double_rightmost=False) % _BASE != 0:
        return None
    return _format(compact)


def is_valid(code: str) -> bool:
    return normalize(code) == code
