"""A move to another hospital's queue on the real store: a second replica's
book follows it from the change stream (the entry changes line, the queue
it left counts the change, so a writer there is not kept waiting), and a
replica started later rebuilds the same lines, movements and counters from
MongoDB."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from services.queue.bootstrap import init_app
from services.queue.waiting_list.domain import commands
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.service_layer.moves import carry_out_move
from shared.contracts import new_event
from tests.integration.queue.support import Replica, handle, place
from tests.queue_builders import ELSEWHERE, HOSPITAL, QUEUE, START, Placed, delivered

CLERK = Actor("hospital", f"{HOSPITAL}:clerk-1")
THERE = f"{ELSEWHERE}:psychiatry"


def snapshot(bureau: Replica) -> dict:
    book = bureau.book
    return {
        code: (entry.line.queue_id, entry.status, entry.version, book.position(entry))
        for code, entry in book.entries.items()
    }


async def agree(one: Replica, other: Replica, timeout: float = 10.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if snapshot(one) == snapshot(other):
            return
        await asyncio.sleep(0.05)
    assert snapshot(one) == snapshot(other)


async def move(bureau: Replica, placed: Placed, to: str = ELSEWHERE) -> None:
    """``referral.move_requested`` delivered to the replica's handler."""
    request = new_event(
        "referral.move_requested",
        {
            "referral_id": placed.referral_id,
            "hospitalization_code": placed.code,
            "version": 2,
            "referring_facility_id": "KZ-75-P01",
            "facility_id": HOSPITAL,
            "to_facility_id": to,
            "reason_code": "closer_to_home",
            "actor": "doctor:dr-aliya",
        },
        producer="referral",
    )
    await carry_out_move(delivered(request), bureau.waiting_list)


async def line_up(bureau: Replica) -> tuple[list[Placed], list[Placed]]:
    """Three entries here, two there, registered alternately."""
    here, there = [], []
    for minute in range(5):
        where = (ELSEWHERE if minute % 2 else HOSPITAL, "psychiatry")
        registered = START + timedelta(minutes=minute)
        placed = await place(bureau, registered_at=registered, queue=where)
        (there if minute % 2 else here).append(placed)
    return here, there


async def test_a_second_replica_follows_a_move_and_writes_after_it(
    aiohttp_client, queue_settings, clock
):
    a = Replica((await aiohttp_client(init_app(queue_settings, clock))).app)
    b = Replica((await aiohttp_client(init_app(queue_settings, clock))).app)
    here, there = await line_up(a)
    await move(a, here[1])
    await agree(a, b)
    moved = b.book.get(here[1].code)
    assert (moved.line.queue_id, b.book.position(moved)) == (THERE, 2)
    assert [b.book.position(b.book.get(p.code)) for p in here[::2]] == [1, 2]
    assert b.book.line(QUEUE).watermark == a.book.line(QUEUE).watermark == 4
    on = a.today() + timedelta(days=1)
    await handle(commands.Schedule(entry_id=here[0].entry_id, actor=CLERK, on=on), b)
    await agree(a, b)
    assert a.book.position(a.book.get(here[2].code)) == 1
    assert [a.book.position(a.book.get(p.code)) for p in there] == [1, 3]


async def test_a_replica_started_after_a_move_rebuilds_the_same_book(
    aiohttp_client, queue_settings, clock
):
    a = Replica((await aiohttp_client(init_app(queue_settings, clock))).app)
    here, _ = await line_up(a)
    await move(a, here[0])
    await move(a, here[1])
    late = Replica((await aiohttp_client(init_app(queue_settings, clock))).app)
    assert snapshot(late) == snapshot(a)
    for name in (QUEUE, THERE):
        line, late_line = a.book.line(name), late.book.line(name)
        assert late_line.watermark == line.watermark
        assert late_line.history == line.history
    assert late.book.line(QUEUE).watermark == 5
    assert len(late.book.line(THERE)) == 4
