"""A reorder on real MongoDB: the entry's new key reaches a second replica
through the change stream, and a replica started later rebuilds the same
positions and the same reasons of the last move (a reorder's movement
names its own keys when stored)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from services.queue.bootstrap import init_app
from services.queue.waiting_list.service_layer.edits import take_edit
from tests.integration.queue.support import Replica, place
from tests.queue_builders import START, delivered, edited

QUEUE = "KZ-75-M01:psychiatry"


def snapshot(bureau: Replica) -> dict:
    """Each entry's status, position and the reason its position last moved."""
    book = bureau.book
    line = book.line(QUEUE)
    assert line is not None
    found = {}
    for code, entry in book.entries.items():
        moved = line.last_change(entry.key)
        reason = moved.reason if moved else None
        found[code] = (entry.status, book.position(entry), reason)
    return found


async def agree(one: Replica, other: Replica, timeout: float = 10.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if snapshot(one) == snapshot(other):
            return
        await asyncio.sleep(0.05)
    assert snapshot(one) == snapshot(other)


async def test_replicas_agree_on_a_reorder_live_and_rebuilt(
    aiohttp_client, queue_settings, clock
):
    a = Replica((await aiohttp_client(init_app(queue_settings, clock))).app)
    b = Replica((await aiohttp_client(init_app(queue_settings, clock))).app)
    line = [
        await place(a, registered_at=START + timedelta(minutes=i)) for i in range(4)
    ]
    urgent = edited(
        line[2],
        version=2,
        priority="urgent",
        reason_code="condition_worsened",
        changed=("priority",),
    )
    await take_edit(delivered(urgent), a.waiting_list)
    await agree(a, b)
    order = [a.book.position(a.book.get(p.code)) for p in line]
    assert order == [2, 3, 1, 4]
    assert snapshot(a)[line[0].code][2] == "moved_ahead"
    assert snapshot(a)[line[3].code][2] != "moved_ahead"
    later = Replica((await aiohttp_client(init_app(queue_settings, clock))).app)
    await agree(a, later)
