"""Invariant 4 as a property on the real store: after a random mix of
hundreds of placements and transitions, every position in the book equals
the one recomputed from MongoDB, and a book rebuilt from MongoDB (as a
replica starting does) is the same. (The same on the service layer alone,
over shorter mixes: tests/unit/queue/test_positions_property.py.)"""

from __future__ import annotations

from functools import partial

from hypothesis import HealthCheck, given, settings

from services.queue.waiting_list.adapters.book_feed import BookFeed
from services.queue.waiting_list.domain.book import QueueBook
from shared.runtime import PLATFORM
from tests.integration.queue.support import handle, place
from tests.queue_changes import carry_out, mixes, positions_in, positions_of


@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mix=mixes(300, 380))
async def test_the_book_agrees_with_mongodb_after_random_changes(client, bureau, mix):
    await client.app[PLATFORM].relay.stop()
    changed = partial(handle, replica=bureau)
    await carry_out(mix, partial(place, bureau), changed, bureau.today())
    stored = await bureau.db.queue_entries.find({}).to_list(None)
    assert positions_in(bureau.book) == positions_of(stored)
    rebuilt = QueueBook(bureau.settings.timezone)
    feed = BookFeed(bureau.db, rebuilt, retention_days=180, clock=bureau.clock)
    await feed.rebuild()
    assert positions_in(rebuilt) == positions_in(bureau.book)
    for queue_id, line in bureau.book.lines.items():
        queue = await bureau.db.queues.find_one({"_id": queue_id})
        assert line.watermark == rebuilt.lines[queue_id].watermark == queue["n"]
