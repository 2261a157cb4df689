"""A reorder moves only the entries between the entry's old and new key:
those passed by an entry moved ahead, those let up by one moved back; the
entries behind both keep their position and hear nothing of it; the moved
entry's own reason is ``reordered``. The bisected reading agrees with the
walk for reorders too, and a reorder survives its stored form."""

from hypothesis import given
from hypothesis import strategies as st

from services.queue.waiting_list.domain.movement import (
    MOVED_AHEAD,
    MOVED_BEHIND,
    PLACED_AHEAD,
    Movement,
    RecentMoves,
    decode,
    last_change,
    reorder_movement,
)


def test_moved_ahead_tells_only_those_it_passed():
    history = [reorder_movement(7, 7000, from_key=300, to_key=100)]
    assert history[0].kind == MOVED_AHEAD
    assert last_change(history, 50) is None
    assert last_change(history, 200).reason == MOVED_AHEAD
    assert last_change(history, 100).reason == "reordered"
    assert last_change(history, 400) is None


def test_moved_behind_tells_only_those_it_let_up():
    history = [reorder_movement(7, 7000, from_key=100, to_key=300)]
    assert history[0].kind == MOVED_BEHIND
    assert last_change(history, 200).reason == MOVED_BEHIND
    assert last_change(history, 300).reason == "reordered"
    assert last_change(history, 400) is None


def test_a_reorder_keeps_its_own_keys_when_stored():
    moved = reorder_movement(7, 7000, from_key=100, to_key=300)
    assert decode(moved.encode(), key=300) == moved


@given(
    moves=st.lists(
        st.tuples(st.booleans(), st.integers(0, 40), st.integers(0, 40)), max_size=48
    ),
    key=st.integers(0, 42),
)
def test_the_bisected_reading_agrees_with_the_walk(moves, key):
    history = [
        reorder_movement(n, n * 1000, a, b)
        if reorders and a != b
        else Movement(n, n * 1000, PLACED_AHEAD, a)
        for n, (reorders, a, b) in enumerate(moves, start=1)
    ]
    found = RecentMoves(history).last_change(key)
    assert found == last_change(history, key)
