"""Invariant 4 as a property, on the service layer (memory unit of work):
after a random mix of up to eighty placements and transitions, every
position in the book equals the one recomputed from the stored entries, and
each queue's line in the book has applied exactly its stored changes. (The
same after hundreds of changes on the real store, and a book rebuilt from
it: tests/integration/queue/test_positions_property.py.)"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from tests.queue_changes import carry_out, mixes, positions_in, positions_of
from tests.unit.queue.memory_queue import memory_queue
from tests.unit.queue.support import stored_queue, today


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mix=mixes(40, 80))
async def test_the_book_agrees_with_the_stored_entries_after_random_changes(mix):
    queue = memory_queue()
    await carry_out(mix, queue.place, queue.handle, today(queue))
    assert positions_in(queue.book) == positions_of(queue.entries().values())
    for queue_id, line in queue.book.lines.items():
        assert line.watermark == stored_queue(queue, queue_id)["n"]
