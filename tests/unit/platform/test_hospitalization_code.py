from __future__ import annotations

import random
import re

import pytest

from shared.hospitalization_code import (
    ALPHABET,
    RANDOM_BITS,
    check_symbol,
    is_valid,
    new_code,
    normalize,
)

SHAPE = re.compile(
    r"^\d{2}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$"
)


def sample_codes(count: int = 60) -> list[str]:
    rng = random.Random(7)
    regions = ["71", "75", "79", "10", "63"]
    return [new_code(rng.choice(regions), rng.getrandbits) for _ in range(count)]


def test_code_starts_with_the_region_and_reads_in_groups():
    code = new_code("75")
    assert code.startswith("75-")
    assert SHAPE.match(code), code
    assert is_valid(code)


def test_code_carries_at_least_40_random_bits():
    assert RANDOM_BITS >= 40
    assert new_code("75", lambda bits: 0) == "75-0000-0000-" + check_symbol(
        "75" + "0" * 8
    )
    assert new_code("75", lambda bits: (1 << bits) - 1)[3:12] == "ZZZZ-ZZZZ"
    rng = random.Random(11)
    for _ in range(200):
        bits = rng.getrandbits(RANDOM_BITS)
        symbols = new_code("75", lambda n, b=bits: b)[3:12].replace("-", "")
        decoded = 0
        for symbol in symbols:
            decoded = decoded * 32 + ALPHABET.index(symbol)
        assert decoded == bits
    assert len({new_code("75") for _ in range(2000)}) == 2000


def test_the_alphabet_has_no_ambiguous_letters():
    assert len(ALPHABET) == 32
    assert not set("ILOU") & set(ALPHABET)


def test_every_single_mistyped_symbol_is_caught():
    for code in sample_codes():
        compact = code.replace("-", "")
        for position, original in enumerate(compact):
            for symbol in ALPHABET:
                if symbol == original:
                    continue
                typo = compact[:position] + symbol + compact[position + 1 :]
                assert normalize(typo) is None, (code, position, symbol)


def test_most_swapped_neighbours_are_caught():
    caught = total = 0
    for code in sample_codes():
        compact = code.replace("-", "")
        for i in range(len(compact) - 1):
            if compact[i] == compact[i + 1]:
                continue
            swapped = compact[:i] + compact[i + 1] + compact[i] + compact[i + 2 :]
            total += 1
            caught += normalize(swapped) is None
    assert caught / total > 0.9


def test_typing_is_forgiven_but_not_guessed():
    code = new_code("71", random.Random(3).getrandbits)
    loose = code.lower().replace("-", " ")
    assert normalize(loose) == code
    assert normalize(code.replace("-", "")) == code
    assert normalize(code[:-1]) is None
    assert normalize(code + "0") is None
    assert normalize("AB" + code[2:]) is None


def test_lookalike_letters_read_as_digits():
    code = new_code("75", lambda bits: 0)  # symbols are all zeros
    assert normalize(code.replace("0", "O")) == code


@pytest.mark.parametrize("region", ["7", "751", "AB", ""])
def test_region_must_be_two_digits(region):
    with pytest.raises(ValueError):
        new_code(region)
