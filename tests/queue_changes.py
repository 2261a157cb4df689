"""Random mixes of placements and transitions for the positions property
(invariant 4), on the service layer alone and on the real store: the mixes,
the commands they stand for, and positions recomputed from stored entries."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Iterable
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from services.queue.hospital.domain import commands as hospital_commands
from services.queue.waiting_list.domain import commands
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.book import QueueBook
from services.queue.waiting_list.domain.ordering import PRIORITY_RANK
from services.queue.waiting_list.domain.status import InvalidTransition
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


def mixes(min_size: int, max_size: int) -> st.SearchStrategy[list[tuple[Any, ...]]]:
    """Placements (twice as likely) and transitions of placed entries."""
    return st.lists(
        st.one_of(placement, placement, transition),
        min_size=min_size,
        max_size=max_size,
    )


def command_for(action: str, entry_id: str, today: date) -> object:
    """The command ``action`` stands for (scheduled today, so that a no-show
    is due)."""
    made: dict[str, Callable[[], object]] = {
        "schedule": lambda: commands.Schedule(entry_id=entry_id, actor=CLERK, on=today),
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
            entry_id=entry_id, actor=CLERK, valid_until=today + timedelta(days=90)
        ),
    }
    return made[action]()


async def carry_out(
    mix: Iterable[tuple[Any, ...]],
    place: Callable[..., Awaitable[Placed]],
    handle: Callable[[object], Awaitable[Any]],
    today: date,
) -> None:
    """Place and change entries as ``mix`` says; a transition the entry's
    status does not allow is refused and skipped."""
    placed: list[Placed] = []
    for operation in mix:
        if operation[0] == "place":
            _, priority, minute, queue = operation
            at = START + timedelta(minutes=minute)
            placed.append(await place(priority=priority, registered_at=at, queue=queue))
        elif placed:
            action, pick = operation
            target = placed[pick % len(placed)]
            with contextlib.suppress(InvalidTransition):
                await handle(command_for(action, target.entry_id, today))


def positions_of(records: Iterable[dict[str, Any]]) -> dict[str, int | None]:
    """Each stored entry's position recomputed from the records alone (the
    waiting ones of its queue by priority, registration time and number)."""
    every = list(records)
    by_queue: dict[str, list[dict[str, Any]]] = {}
    for record in every:
        if record["status"] == "waiting":
            by_queue.setdefault(record["queue_id"], []).append(record)
    expected: dict[str, int] = {}
    for waiting in by_queue.values():
        waiting.sort(
            key=lambda r: (PRIORITY_RANK[r["priority"]], r["registered_ms"], r["seq"])
        )
        expected.update(
            {r["hospitalization_code"]: i + 1 for i, r in enumerate(waiting)}
        )
    return {
        r["hospitalization_code"]: expected.get(r["hospitalization_code"])
        for r in every
    }


def positions_in(book: QueueBook) -> dict[str, int | None]:
    return {code: book.position(entry) for code, entry in book.entries.items()}
