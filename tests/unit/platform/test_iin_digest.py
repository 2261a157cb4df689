"""The lookup's precomputed IIN digest is exactly the stored keyed digest."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shared.iin import IinDigester, iin_digest


@given(
    key=st.binary(min_size=1, max_size=200),
    iin=st.text(alphabet="0123456789", min_size=12, max_size=12),
)
def test_the_digester_gives_the_stored_digest_for_any_key(key, iin):
    # keys longer than a block (64 bytes) are hashed first, shorter ones padded
    assert IinDigester(key).digest(iin).hex() == iin_digest(iin, key)


def test_one_digester_serves_many_iins_without_carrying_state_over():
    digester = IinDigester(b"k" * 40)
    first = digester.digest("870512300123")
    digester.digest("910101400125")
    assert digester.digest("870512300123") == first
