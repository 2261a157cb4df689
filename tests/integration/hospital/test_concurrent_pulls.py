"""Invariant 5: clerks pulling from the same queue at the same moment, on one
replica or on two, never get the same patient, and never more patients than
the day's free beds."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

from services.queue.waiting_list.adapters.mongo_bed_ledger import MongoBedLedger
from tests.factories import bearer
from tests.integration.hospital.support import json_of
from tests.integration.queue.support import Replica, place, positions
from tests.queue_builders import QUEUE, START


async def fill(bureau, count):
    return [
        await place(bureau, registered_at=START + timedelta(minutes=i))
        for i in range(count)
    ]


async def pull_at_once(desks, on, counts):
    answers = await asyncio.gather(
        *(desk.pull(on, count) for desk, count in zip(desks, counts, strict=True))
    )
    return [await json_of(answer) for answer in answers]


async def assert_beds_agree(bureau, on, booked):
    """The ledger, the entries and the book count the same bookings."""
    in_ledger = await MongoBedLedger(bureau.db, None).counts(QUEUE, on)
    in_entries = await bureau.db.queue_entries.count_documents(
        {"queue_id": QUEUE, "status": "scheduled", "scheduled_date": on.isoformat()}
    )
    in_book = bureau.book.line(QUEUE).scheduled.get(on, 0)
    assert (in_ledger.booked, in_entries, in_book) == (booked, booked, booked)


async def test_many_pulls_at_once_get_disjoint_patients_within_the_free_beds(
    desk, bureau
):
    queue = await fill(bureau, 14)
    tomorrow = bureau.today() + timedelta(days=1)
    clerks = [desk.other(desk.facility, f"clerk-{i}") for i in range(8)]

    answers = await pull_at_once(clerks, tomorrow, [2, 1, 3, 2, 1, 2, 3, 1])

    taken = [row["entry_id"] for a in answers for row in a["scheduled"]]
    assert len(taken) == 6 and len(set(taken)) == 6
    assert set(taken) == {p.entry_id for p in queue[:6]}
    assert sum(a["limited_by_free_beds"] for a in answers) >= 1
    assert positions(bureau, queue[6:]) == list(range(1, 9))
    await assert_beds_agree(bureau, tomorrow, 6)
    scheduled = bureau.db.queue_log.find(
        {"record.event_type": "queue.admission_scheduled"}
    )
    actors = Counter([r["record"]["actor"] async for r in scheduled])
    assert sum(actors.values()) == 6 and set(actors) <= {c.actor for c in clerks}


async def test_pulls_on_two_replicas_at_once_never_share_a_patient(
    desk, bureau, start_replica, queue_settings
):
    other = await start_replica()
    queue = await fill(bureau, 20)
    day = bureau.today() + timedelta(days=2)
    desks = [desk, desk.at(other)] * 5

    first = await pull_at_once(desks, day, [1, 2, 1, 1, 2, 1, 2, 1, 1, 1])
    more = await pull_at_once(desks[:4], day, [3, 3, 3, 3])

    taken = [row["entry_id"] for a in first + more for row in a["scheduled"]]
    assert len(taken) == 6 and len(set(taken)) == 6
    assert set(taken) == {p.entry_id for p in queue[:6]}
    await assert_beds_agree(bureau, day, 6)
    await assert_beds_agree(Replica(other.app), day, 6)
    when_full = await pull_at_once(desks[:4], day, [1, 1, 1, 1])
    assert all(a["scheduled"] == [] for a in when_full)
    admin = bearer(queue_settings, "admin", desk.facility)
    log = await other.get(f"/v1/queues/{QUEUE}/log?limit=1", headers=admin)
    assert (await log.json())["verification"]["intact"] is True
