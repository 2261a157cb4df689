"""The book follows an entry moved to another hospital's queue: it leaves
its old line (whose change number still counts, with the entry ahead
leaving) and joins the new one, whether the change comes from this replica's
writer or from the change stream, in any order of the two lines' changes;
and the bulk load puts the departure's movement in the old queue."""

from __future__ import annotations

from services.queue.waiting_list.domain.book import QueueBook
from services.queue.waiting_list.domain.movement import (
    AHEAD_LEFT,
    PLACED_AHEAD,
    Departure,
    Movement,
)
from services.queue.waiting_list.domain.ordering import order_key
from tests.unit.queue.test_book import Q, state

THERE = "KZ-71-M01:psychiatry"


def moved(code: str, registered: int, seq: int, n: int) -> tuple:
    """``code``'s state in THERE after the move, its arrival there (change
    ``n`` of THERE) and its departure from Q (change 4 of Q)."""
    key = order_key("planned", 1_000 + registered, seq)
    there = state(
        code, seq, version=2, queue_id=THERE, facility_id="KZ-71-M01", key=key
    )
    old_key = order_key("planned", 1_000 + registered, registered)
    departure = Departure(
        Q, "KZ-75-M01", "psychiatry", Movement(4, 9, AHEAD_LEFT, old_key)
    )
    return there, Movement(n, 9, PLACED_AHEAD, key), departure


def test_a_moved_entry_leaves_its_line_and_joins_the_new_one():
    book = QueueBook()
    for n, code in enumerate("abc", start=1):
        book.apply(state(code, n), n)
    early = state("x", 1, queue_id=THERE, facility_id="KZ-71-M01")
    late = state("y", 7, queue_id=THERE, facility_id="KZ-71-M01")
    book.apply(early, 1)
    book.apply(late, 2)
    there, arrival, departure = moved("b", 2, 3, 3)
    book.apply(there, 3, arrival, departure)
    old, new = book.line(Q), book.line(THERE)
    assert [book.position(book.get(c)) for c in "ac"] == [1, 2]
    assert [book.position(book.get(c)) for c in "xby"] == [1, 2, 3]
    assert book.get("b").line is new
    assert (len(old), len(new)) == (2, 3)
    assert (old.watermark, new.watermark) == (4, 3)
    assert old.last_change(book.get("c").key).reason == AHEAD_LEFT
    assert new.last_change(book.get("y").key).reason == PLACED_AHEAD


def test_the_stream_repeating_a_move_changes_nothing_more():
    book = QueueBook()
    for n, code in enumerate("abc", start=1):
        book.apply(state(code, n), n)
    there, arrival, departure = moved("b", 2, 1, 1)
    book.apply(there, 1, arrival, departure)
    book.apply(there, 1, arrival, departure)
    assert [book.position(book.get(c)) for c in "acb"] == [1, 2, 1]
    assert book.line(Q).history == [departure.move]
    assert book.line(Q).watermark == 4


def test_the_bulk_load_keeps_the_departure_in_the_old_queue():
    book = QueueBook()
    loader = book.loader()
    for n, code in enumerate("ac", start=1):
        loader.add(state(code, 2 * n - 1))
    there, arrival, departure = moved("b", 2, 1, 1)
    loader.add(there, [arrival])
    loader.add_departure(departure, [departure.move])
    loader.finish()
    assert book.line(Q).last_change(book.get("c").key).reason == AHEAD_LEFT
    assert book.position(book.get("b")) == 1
    assert book.get("b").line is book.line(THERE)
