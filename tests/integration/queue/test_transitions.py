"""A transition on the real store, across replicas: the same change asked of
two replicas at once is made once, the other refused, in one transaction
each. (Every transition of the state machine through the service layer:
tests/unit/queue/test_transitions.py.)"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from services.queue.bootstrap import init_app
from services.queue.waiting_list.domain import commands
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.status import InvalidTransition
from tests.integration.queue.support import Replica, handle, outbox_events, place

CLERK = Actor("hospital", "clerk-1")


async def until_scheduled(replica, code, timeout=10.0):
    for _ in range(int(timeout / 0.05)):
        entry = replica.book.get(code)
        if entry is not None and entry.status == "scheduled":
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the replica's book never saw the entry scheduled")


async def test_one_entry_scheduled_on_two_replicas_at_once_is_scheduled_once(
    aiohttp_client, queue_settings, clock
):
    a = Replica((await aiohttp_client(init_app(queue_settings, clock))).app)
    b = Replica((await aiohttp_client(init_app(queue_settings, clock))).app)
    placed = await place(a)
    days = {a: a.today() + timedelta(days=1), b: a.today() + timedelta(days=2)}
    answers = await asyncio.gather(
        *(
            handle(
                commands.Schedule(entry_id=placed.entry_id, actor=CLERK, on=on),
                replica,
            )
            for replica, on in days.items()
        ),
        return_exceptions=True,
    )
    [entry] = [answer for answer in answers if not isinstance(answer, Exception)]
    [refused] = [answer for answer in answers if isinstance(answer, Exception)]
    assert isinstance(refused, InvalidTransition) and refused.status == "scheduled"
    doc = await a.db.queue_entries.find_one({"_id": placed.entry_id})
    assert (doc["status"], doc["version"]) == ("scheduled", 2)
    assert doc["scheduled_date"] == entry.scheduled_date.isoformat()
    assert entry.scheduled_date in days.values()
    [event] = await outbox_events(a, "queue.admission_scheduled")
    assert event["data"]["scheduled_date"] == doc["scheduled_date"]
    queue = await a.db.queues.find_one({"_id": "KZ-75-M01:psychiatry"})
    assert queue["n"] == await a.db.queue_log.count_documents({}) == 2
    for replica in (a, b):
        await until_scheduled(replica, placed.code)
