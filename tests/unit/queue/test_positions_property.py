"""Invariant 4 as a property, on the service layer (memory unit of work):
after a random mix of up to eighty placements and transitions, every
position in the book equals the one recomputed from the stored entries, and
each queue's line in the book has applied exactly its stored changes. (The
same after hundreds of changes on the real store, and a book rebuilt from
it: tests/integration/queue/test_positions_property.py.)"""

from __future__ import annotations

import contextlib
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.queue.hospital.domain import commands as hospital_commands
from services.queue.waiting_list.domain import commands
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.ordering import PRIORITY_RANK
from services.queue.waiting_list.domain.status import InvalidTransition
from tests.queue_builders import START, Placed
from tests.unit.queue.memory_queue import memory_queue
from tests.unit.queue.support import stored_queue, today

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
    st.one_of(placement, placement, transition), min_size=40, max_size=80
)


def command_for(action, entry_id, queue):
    on = today(queue)  # so that a no-show is due
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
            valid_until=today(queue) + timedelta(days=90),
        ),
    }
    return made[action]()


def positions_in_store(queue):
    """Each stored entry's position recomputed from the records alone (the
    waiting ones of its queue by priority, registration time and number)."""
    by_queue: dict[str, list] = {}
    for record in queue.entries().values():
        if record["status"] == "waiting":
            by_queue.setdefault(record["queue_id"], []).append(record)
    expected = {}
    for records in by_queue.values():
        records.sort(
            key=lambda r: (PRIORITY_RANK[r["priority"]], r["registered_ms"], r["seq"])
        )
        expected.update(
            {r["hospitalization_code"]: i + 1 for i, r in enumerate(records)}
        )
    return {
        record["hospitalization_code"]: expected.get(record["hospitalization_code"])
        for record in queue.entries().values()
    }


def positions_in(book):
    return {code: book.position(entry) for code, entry in book.entries.items()}


async def carried_out(queue, operations):
    placed: list[Placed] = []
    for operation in operations:
        if operation[0] == "place":
            _, priority, minute, line = operation
            at = START + timedelta(minutes=minute)
            placed.append(
                await queue.place(priority=priority, registered_at=at, queue=line)
            )
        elif placed:
            action, pick = operation
            target = placed[pick % len(placed)]
            with contextlib.suppress(InvalidTransition):
                await queue.handle(command_for(action, target.entry_id, queue))


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations=operations)
async def test_the_book_agrees_with_the_stored_entries_after_random_changes(
    operations,
):
    queue = memory_queue()
    await carried_out(queue, operations)
    assert positions_in(queue.book) == positions_in_store(queue)
    for queue_id, line in queue.book.lines.items():
        assert line.watermark == stored_queue(queue, queue_id)["n"]
