import asyncio
from datetime import date

import pytest

from services.queue.waiting_list.domain.book import QueueBook
from services.queue.waiting_list.domain.movement import AHEAD_LEFT, Movement
from services.queue.waiting_list.domain.ordering import order_key
from services.queue.waiting_list.domain.queue_line import EntryState
from services.queue.waiting_list.service_layer.book import IndexBehind, LiveBook

Q = "KZ-75-M01:psychiatry"


def state(code, seq, *, status="waiting", version=1, priority="planned", **more):
    values = dict(
        code=code,
        queue_id=Q,
        facility_id="KZ-75-M01",
        bed_profile="psychiatry",
        key=order_key(priority, 1_000 + seq, seq),
        status=status,
        version=version,
        digest=b"d" * 16,
        updated_s=100,
        scheduled_date=None,
        admitted_day=None,
    )
    values.update(more)
    return EntryState(**values)


def positions(book):
    return {code: book.position(e) for code, e in book.entries.items()}


def test_positions_follow_the_order_and_close_the_gap_when_one_leaves():
    book = QueueBook()
    for n, code in enumerate("abc", start=1):
        book.apply(state(code, n), n)
    book.apply(state("u", 9, priority="urgent"), 4)
    assert positions(book) == {"a": 2, "b": 3, "c": 4, "u": 1}
    book.apply(
        state("a", 1, status="scheduled", version=2, scheduled_date=date(2026, 12, 1)),
        5,
    )
    assert positions(book) == {"a": None, "b": 2, "c": 3, "u": 1}
    line = book.line(Q)
    assert len(line) == 3 and line.scheduled == {date(2026, 12, 1): 1}


def test_an_older_version_never_overwrites_a_newer_one():
    book = QueueBook()
    book.apply(state("a", 1, status="cancelled", version=3), 2)
    book.apply(state("a", 1, status="waiting", version=1), 1)
    assert book.get("a").status == "cancelled"
    assert len(book.line(Q)) == 0
    assert book.line(Q).watermark == 2


def test_the_watermark_only_moves_over_contiguous_changes():
    book = QueueBook()
    book.apply(state("a", 1), 1)
    book.apply(state("c", 3), 3)
    assert book.line(Q).watermark == 1
    book.apply(state("b", 2), 2)
    assert book.line(Q).watermark == 3


async def test_a_writer_waits_for_the_book_and_gives_up_in_time():
    book = LiveBook()
    book.apply(state("a", 1), 1)

    async def later():
        await asyncio.sleep(0.05)
        book.apply(state("b", 2), 2)

    task = asyncio.create_task(later())
    line = await book.wait_applied(Q, 2, timeout=2)
    assert line is not None and line.watermark == 2
    await task
    with pytest.raises(IndexBehind):
        await book.wait_applied(Q, 5, timeout=0.05)


def test_admissions_are_counted_once_per_entry():
    book = QueueBook()
    day = date(2026, 11, 3)
    book.apply(state("a", 1, status="admitted", version=3, admitted_day=day), 1)
    book.apply(state("a", 1, status="discharged", version=4, admitted_day=day), 2)
    assert book.line(Q).admissions == {day: 1}
    assert book.line(Q).admitted == 0


def test_the_bulk_loader_builds_the_same_book_as_single_changes():
    one_by_one, bulk = QueueBook(), QueueBook()
    states = [
        state(f"c{i}", i, priority="urgent" if i % 7 == 0 else "planned")
        for i in range(1, 50)
    ]
    for n, s in enumerate(states, start=1):
        one_by_one.apply(s, n)
    loader = bulk.loader()
    for s in reversed(states):
        loader.add(s)
    loader.finish()
    assert positions(bulk) == positions(one_by_one)


def test_movement_history_is_deduplicated_and_capped():
    book = QueueBook(history_size=3)
    for n in range(1, 6):
        move = Movement(n, n * 1000, AHEAD_LEFT, n)
        book.apply(state(f"x{n}", n, version=1), None, move)
        book.apply(state(f"x{n}", n, version=1), None, move)
    assert [m.n for m in book.line(Q).history] == [3, 4, 5]


def test_prune_forgets_closed_entries_only():
    book = QueueBook()
    book.apply(state("old", 1, status="cancelled", updated_s=10), 1)
    book.apply(state("open", 2, updated_s=10), 2)
    book.apply(state("recent", 3, status="rejected", updated_s=90), 3)
    book.apply(state("back", 4, status="expired", updated_s=20), 4)
    book.apply(state("back", 4, status="waiting", version=2, updated_s=30), 5)
    assert book.prune(closed_before_s=50, admissions_since=date(2026, 1, 1)) == 1
    assert set(book.entries) == {"open", "recent", "back"}
    assert book.prune(closed_before_s=100, admissions_since=date(2026, 1, 1)) == 1
    assert set(book.entries) == {"open", "back"}


def test_prune_after_a_bulk_load_forgets_the_old_closed_ones():
    book = QueueBook()
    loader = book.loader()
    loader.add(state("late", 1, status="discharged", updated_s=80))
    loader.add(state("early", 2, status="cancelled", updated_s=5))
    loader.add(state("open", 3, updated_s=1))
    loader.finish()
    assert book.prune(closed_before_s=50, admissions_since=date(2026, 1, 1)) == 1
    assert set(book.entries) == {"late", "open"}
