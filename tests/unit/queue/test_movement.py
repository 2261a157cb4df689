from hypothesis import given
from hypothesis import strategies as st

from services.queue.waiting_list.domain.movement import (
    AHEAD_LEFT,
    PLACED_AHEAD,
    RETURNED_AHEAD,
    URGENT_PLACED_AHEAD,
    Movement,
    RecentMoves,
    decode,
    last_change,
    movement_kind,
)

ME = 500


def move(n, kind, key):
    return Movement(n=n, at_ms=1000 * n, kind=kind, key=key)


def test_what_each_transition_does_to_those_behind():
    assert movement_kind(None, "waiting", "urgent") == URGENT_PLACED_AHEAD
    assert movement_kind(None, "waiting", "planned") == PLACED_AHEAD
    assert movement_kind("waiting", "scheduled", "planned") == AHEAD_LEFT
    assert movement_kind("scheduled", "waiting", "planned") == RETURNED_AHEAD
    assert movement_kind("scheduled", "admitted", "planned") is None


def test_two_urgent_cases_placed_ahead_are_counted_together():
    history = [
        move(1, PLACED_AHEAD, ME),
        move(2, AHEAD_LEFT, 100),
        move(3, URGENT_PLACED_AHEAD, 10),
        move(4, PLACED_AHEAD, 900),
        move(5, URGENT_PLACED_AHEAD, 20),
    ]
    change = last_change(history, ME)
    assert (change.reason, change.count, change.at_ms) == (URGENT_PLACED_AHEAD, 2, 5000)


def test_patients_ahead_leaving_is_the_reason_after_they_left():
    history = [
        move(1, PLACED_AHEAD, ME),
        move(2, AHEAD_LEFT, 1),
        move(3, AHEAD_LEFT, 2),
    ]
    assert last_change(history, ME).reason == AHEAD_LEFT
    assert last_change(history, ME).count == 2


def test_own_placement_or_return_when_nothing_moved_since():
    assert last_change([move(1, PLACED_AHEAD, ME)], ME).reason == "placed"
    history = [
        move(1, AHEAD_LEFT, ME),
        move(2, RETURNED_AHEAD, ME),
        move(3, AHEAD_LEFT, 900),
    ]
    assert last_change(history, ME).reason == "returned"


def test_movements_before_my_placement_do_not_count():
    history = [
        move(1, AHEAD_LEFT, 5),
        move(2, PLACED_AHEAD, ME),
        move(3, AHEAD_LEFT, 6),
    ]
    assert last_change(history, ME).count == 1


def test_an_empty_history_explains_nothing():
    assert last_change([], ME) is None


def test_a_movement_travels_as_a_short_string():
    original = Movement(n=12, at_ms=1_700_000_000_123, kind=AHEAD_LEFT, key=77)
    assert decode(original.encode(), 77) == original


def walk(history, key):
    """The plain reading: walk back from the newest movement."""
    reason, count, at_ms = None, 0, 0
    for m in reversed(history):
        if m.key > key:
            continue
        if m.key == key:
            if reason is None:
                own = "returned" if m.kind == RETURNED_AHEAD else "placed"
                return (own, 1, m.at_ms)
            break
        if reason is None:
            reason, count, at_ms = m.kind, 1, m.at_ms
        elif m.kind == reason:
            count += 1
        else:
            break
    return (reason, count, at_ms) if reason else None


KINDS = [AHEAD_LEFT, PLACED_AHEAD, RETURNED_AHEAD, URGENT_PLACED_AHEAD]


@given(
    moves=st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 40)), max_size=64),
    key=st.integers(0, 40),
)
def test_the_bisected_reading_agrees_with_the_walk(moves, key):
    history = [move(n, kind, k) for n, (kind, k) in enumerate(moves, start=1)]
    found = RecentMoves(history).last_change(key)
    expected = walk(history, key)
    assert (None if found is None else (found.reason, found.count, found.at_ms)) == (
        expected
    )
