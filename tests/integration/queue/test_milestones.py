"""Position milestones (10, 3, 1): only the entries that reach one are told,
once per entry and milestone, whatever moves them back and forth."""

from __future__ import annotations

from datetime import timedelta

from services.queue.hospital.domain import commands as hospital_commands
from services.queue.waiting_list.domain import commands
from services.queue.waiting_list.domain.actors import Actor
from tests.integration.queue.support import START, handle, outbox_events, place

CLERK = Actor("hospital", "clerk-1")


async def schedule(bureau, placed, days=1):
    on = bureau.today() + timedelta(days=days)
    await handle(
        commands.Schedule(entry_id=placed.entry_id, actor=CLERK, on=on), bureau
    )


async def milestones(bureau):
    return [
        (e["data"]["hospitalization_code"], e["data"]["position"])
        for e in await outbox_events(bureau, "queue.position_milestone")
    ]


async def test_the_head_leaving_tells_only_those_who_reach_a_milestone(bureau):
    queue = [
        await place(bureau, registered_at=START + timedelta(minutes=i))
        for i in range(15)
    ]
    await schedule(bureau, queue[0])
    assert await milestones(bureau) == [
        (queue[1].code, 1),
        (queue[3].code, 3),
        (queue[10].code, 10),
    ]
    [event] = await outbox_events(
        bureau, "queue.position_milestone", entry_id=queue[1].entry_id
    )
    assert (event["data"]["status"], event["data"]["version"]) == ("waiting", 1)


async def test_each_milestone_is_announced_once_per_entry(bureau):
    queue = [
        await place(bureau, registered_at=START + timedelta(minutes=i))
        for i in range(6)
    ]
    await schedule(bureau, queue[0])
    third = queue[3]
    assert (third.code, 3) in await milestones(bureau)
    await place(bureau, priority="urgent")
    assert bureau.book.position(bureau.book.get(third.code)) == 4
    await schedule(bureau, queue[1])
    assert bureau.book.position(bureau.book.get(third.code)) == 3
    assert [m for m in await milestones(bureau) if m[0] == third.code] == [
        (third.code, 3)
    ]


async def test_someone_leaving_from_the_middle_moves_no_milestone_ahead_of_it(bureau):
    queue = [
        await place(bureau, registered_at=START + timedelta(minutes=i))
        for i in range(12)
    ]
    await handle(
        commands.Cancel(
            entry_id=queue[5].entry_id, actor=CLERK, reason_code="duplicate"
        ),
        bureau,
    )
    assert await milestones(bureau) == [(queue[10].code, 10)]


async def test_a_no_show_returning_ahead_announces_nothing(bureau):
    queue = [
        await place(bureau, registered_at=START + timedelta(minutes=i))
        for i in range(4)
    ]
    await schedule(bureau, queue[0], days=0)  # a no-show is due from that day on
    before = await milestones(bureau)
    await handle(
        hospital_commands.RecordNoShow(entry_id=queue[0].entry_id, actor=CLERK), bureau
    )
    assert await milestones(bureau) == before
