"""The order index agrees with a plain sorted list under any mix of changes."""

from __future__ import annotations

import bisect

from hypothesis import given
from hypothesis import strategies as st

from services.queue.waiting_list.domain.order_index import OrderIndex

changes = st.lists(
    st.tuples(st.sampled_from(["add", "discard"]), st.integers(0, 300)), max_size=400
)


@given(
    start=st.sets(st.integers(0, 300)),
    changes=changes,
    probes=st.lists(st.integers(-1, 301)),
)
def test_positions_membership_and_head_match_a_sorted_list(start, changes, probes):
    index = OrderIndex(start, load=4)  # tiny chunks: splits and empties happen
    plain = sorted(start)
    for change, key in changes:
        if change == "add" and key not in plain:
            index.add(key)
            bisect.insort(plain, key)
        elif change == "discard":
            index.discard(key)
            if key in plain:
                plain.remove(key)
        assert len(index) == len(plain)
    assert list(index) == plain
    for key in probes:
        assert index.bisect_left(key) == bisect.bisect_left(plain, key)
        assert (key in index) == (key in plain)
    for count in (0, 1, 5, len(plain) + 3):
        assert index.head(count) == plain[:count]


def test_an_empty_index_answers_without_error():
    index = OrderIndex()
    assert (len(index), index.bisect_left(7), 7 in index, index.head(3)) == (
        0,
        0,
        False,
        [],
    )
    index.discard(7)
    assert len(index) == 0
