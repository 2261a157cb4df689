"""Invariant 4 as a property on the real store: after a random mix of
hundreds of placements and transitions, every position in the book equals
the one recomputed from MongoDB, and a book rebuilt from MongoDB (as a
replica starting does) is the same. (The same on the service layer alone,
over shorter mixes: tests/unit/queue/test_positions_property.py.)"""

from __future__ import annotations

import contextlib
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.queue.hospital.domain import commands as hospital_commands
from services.queue.waiting_list.adapters.book_feed import BookFeed
from services.queue.waiting_list.domain import commands
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.book import QueueBook
from services.queue.waiting_list.domain.ordering import PRIORITY_RANK
from services.queue.waiting_list.domain.status import InvalidTransition
from shared.runtime import PLATFORM
from tests.integration.queue.support import handle, place
from tests.queue_builders import START, Placed

CLERK = Actor("hospital", "clerk-1")
QUEUES = [("KZ-75-M01", "psychiatry"), ("KZ-75-M01", "narcology")]
ACTIONS = ["schedule", "admit", "no_show", "reject", "cancel", "expire", "reinstate"]

placement = st.tuples(
    st.just("place"),
    st.sampled_from(["planned", "planned", "urgent"]),
    st.integers(min_value=0, max_value=5),
    st.sampled_from(QUEUES),
)
transition = st.tuples(
    st.sampled_from(ACTIONS), st.integers(min_value=0, max_value=10_000)
)
operations = st.lists(
    st.one_of(placement, placement, transition), min_size=300, max_size=380
)


def command_for(action, entry_id, bureau):
    on = bureau.today()  # so that a no-show is due
    made = {
        "schedule": lambda: commands.Schedule(entry_id=entry_id, actor=CLERK, on=on),
        "admit": lambda: hospital_commands.Admit(entry_id=entry_id, actor=CLERK),
        "no_show": lambda: hospital_commands.RecordNoShow(
            entry_id=entry_id, actor=CLERK
        ),
        "reject": lambda: hospital_commands.Reject(
            entry_id=entry_id, actor=CLERK, reason_code="no_beds_for_profile"
        ),
        "cancel": lambda: commands.Cancel(
            entry_id=entry_id, actor=CLERK, reason_code="patient_request"
        ),
        "expire": lambda: commands.Expire(entry_id=entry_id),
        "reinstate": lambda: commands.Reinstate(
            entry_id=entry_id,
            actor=CLERK,
            valid_until=bureau.today() + timedelta(days=90),
        ),
    }
    return made[action]()


async def positions_in_mongo(bureau):
    waiting = await bureau.db.queue_entries.find({"status": "waiting"}).to_list(None)
    by_queue: dict[str, list] = {}
    for doc in waiting:
        by_queue.setdefault(doc["queue_id"], []).append(doc)
    expected = {}
    for docs in by_queue.values():
        docs.sort(
            key=lambda d: (PRIORITY_RANK[d["priority"]], d["registered_ms"], d["seq"])
        )
        expected.update({d["hospitalization_code"]: i + 1 for i, d in enumerate(docs)})
    everyone = await bureau.db.queue_entries.find(
        {}, {"hospitalization_code": 1}
    ).to_list(None)
    return {
        d["hospitalization_code"]: expected.get(d["hospitalization_code"])
        for d in everyone
    }


def positions_in(book):
    return {code: book.position(entry) for code, entry in book.entries.items()}


@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=operations)
async def test_the_book_agrees_with_mongodb_after_random_changes(
    client, bureau, operations
):
    await client.app[PLATFORM].relay.stop()
    placed: list[Placed] = []
    for operation in operations:
        if operation[0] == "place":
            _, priority, minute, queue = operation
            at = START + timedelta(minutes=minute)
            placed.append(
                await place(bureau, priority=priority, registered_at=at, queue=queue)
            )
        elif placed:
            action, pick = operation
            target = placed[pick % len(placed)]
            with contextlib.suppress(InvalidTransition):
                await handle(command_for(action, target.entry_id, bureau), bureau)
    assert positions_in(bureau.book) == await positions_in_mongo(bureau)
    rebuilt = QueueBook(bureau.settings.timezone)
    await BookFeed(bureau.db, rebuilt, retention_days=180).rebuild()
    assert positions_in(rebuilt) == positions_in(bureau.book)
    for queue_id, line in bureau.book.lines.items():
        queue = await bureau.db.queues.find_one({"_id": queue_id})
        assert line.watermark == rebuilt.lines[queue_id].watermark == queue["n"]
