"""Two replicas on one database agree on every position: each applies the
other's committed changes from the change stream, and a replica started
later rebuilds the same book from MongoDB."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from services.queue.bootstrap import init_app
from services.queue.hospital.domain import commands as hospital_commands
from services.queue.waiting_list.domain import commands
from services.queue.waiting_list.domain.actors import Actor
from tests.integration.queue.support import Replica, handle, place
from tests.queue_builders import START

CLERK = Actor("hospital", "clerk-1")


def snapshot(bureau):
    book = bureau.book
    return {
        code: (entry.status, entry.version, book.position(entry))
        for code, entry in book.entries.items()
    }


async def agree(one, other, timeout=10.0):
    for _ in range(int(timeout / 0.05)):
        if snapshot(one) == snapshot(other):
            return
        await asyncio.sleep(0.05)
    assert snapshot(one) == snapshot(other)


async def test_a_second_replica_sees_the_first_ones_changes(
    aiohttp_client, queue_settings, clock
):
    a = Replica((await aiohttp_client(init_app(queue_settings, clock))).app)
    b_client = await aiohttp_client(init_app(queue_settings, clock))
    b = Replica(b_client.app)
    queue = [
        await place(a, registered_at=START + timedelta(minutes=i)) for i in range(6)
    ]
    await place(a, priority="urgent")
    on = a.today() + timedelta(days=1)
    await handle(commands.Schedule(entry_id=queue[0].entry_id, actor=CLERK, on=on), a)
    await handle(
        commands.Cancel(
            entry_id=queue[2].entry_id, actor=CLERK, reason_code="duplicate"
        ),
        a,
    )
    await agree(a, b)
    answer = await b_client.post("/v1/queue/lookup", json=queue[5].lookup_body())
    assert (await answer.json())["position"] == 5

    await handle(hospital_commands.Admit(entry_id=queue[0].entry_id, actor=CLERK), b)
    await handle(commands.Schedule(entry_id=queue[1].entry_id, actor=CLERK, on=on), b)
    await agree(a, b)
    assert a.book.line("KZ-75-M01:psychiatry").admitted == 1
    assert a.book.position(a.book.get(queue[3].code)) == 2


async def test_writers_on_two_replicas_take_turns_on_one_queue(
    aiohttp_client, queue_settings, clock
):
    a = Replica((await aiohttp_client(init_app(queue_settings, clock))).app)
    b = Replica((await aiohttp_client(init_app(queue_settings, clock))).app)
    queue = [
        await place(a, registered_at=START + timedelta(minutes=i)) for i in range(12)
    ]
    on = a.today() + timedelta(days=1)
    await asyncio.gather(
        *(
            handle(commands.Schedule(entry_id=p.entry_id, actor=CLERK, on=on), replica)
            for p, replica in zip(queue[:8], [a, b] * 4, strict=True)
        )
    )
    await agree(a, b)
    assert [a.book.position(a.book.get(p.code)) for p in queue[8:]] == [1, 2, 3, 4]
    records = await a.db.queue_log.find().sort("n", 1).to_list(None)
    assert [r["n"] for r in records] == list(range(1, 21))


async def test_a_replica_started_later_rebuilds_the_same_book(
    aiohttp_client, queue_settings, clock
):
    a = Replica((await aiohttp_client(init_app(queue_settings, clock))).app)
    queue = [
        await place(a, registered_at=START + timedelta(minutes=i)) for i in range(5)
    ]
    on = a.today() + timedelta(days=1)
    await handle(commands.Schedule(entry_id=queue[0].entry_id, actor=CLERK, on=on), a)
    await handle(hospital_commands.Admit(entry_id=queue[0].entry_id, actor=CLERK), a)
    late = Replica((await aiohttp_client(init_app(queue_settings, clock))).app)
    assert snapshot(late) == snapshot(a)
    line, late_line = (
        a.book.line("KZ-75-M01:psychiatry"),
        late.book.line("KZ-75-M01:psychiatry"),
    )
    assert late_line.watermark == line.watermark == 7
    assert late_line.admissions == line.admissions
    assert late_line.history == line.history
