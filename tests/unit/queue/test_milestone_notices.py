"""Position milestones (10, 3, 1) through the service layer (memory unit of
work): only the entries that reach one are told, once per entry and
milestone, whatever moves them back and forth. (Which entries cross a
milestone, as a pure function: test_milestones.py.)"""

from __future__ import annotations

from datetime import timedelta

from services.queue.hospital.domain import commands as hospital_commands
from services.queue.waiting_list.domain import commands
from services.queue.waiting_list.domain.actors import Actor
from tests.queue_builders import START
from tests.unit.queue.support import today

CLERK = Actor("hospital", "clerk-1")


async def schedule(queue, placed, days=1):
    on = today(queue) + timedelta(days=days)
    await queue.handle(commands.Schedule(entry_id=placed.entry_id, actor=CLERK, on=on))


def milestones(queue):
    return [
        (e.data["hospitalization_code"], e.data["position"])
        for e in queue.outbox("queue.position_milestone")
    ]


async def placed_in_turn(queue, count):
    return [
        await queue.place(registered_at=START + timedelta(minutes=i))
        for i in range(count)
    ]


async def test_the_head_leaving_tells_only_those_who_reach_a_milestone(queue):
    line = await placed_in_turn(queue, 15)
    await schedule(queue, line[0])
    assert milestones(queue) == [
        (line[1].code, 1),
        (line[3].code, 3),
        (line[10].code, 10),
    ]
    [event] = queue.outbox("queue.position_milestone", entry_id=line[1].entry_id)
    assert (event.data["status"], event.data["version"]) == ("waiting", 1)


async def test_each_milestone_is_announced_once_per_entry(queue):
    line = await placed_in_turn(queue, 6)
    await schedule(queue, line[0])
    third = line[3]
    assert (third.code, 3) in milestones(queue)
    await queue.place(priority="urgent")
    assert queue.book.position(queue.book.get(third.code)) == 4
    await schedule(queue, line[1])
    assert queue.book.position(queue.book.get(third.code)) == 3
    assert [m for m in milestones(queue) if m[0] == third.code] == [(third.code, 3)]


async def test_someone_leaving_from_the_middle_moves_no_milestone_ahead_of_it(queue):
    line = await placed_in_turn(queue, 12)
    await queue.handle(
        commands.Cancel(entry_id=line[5].entry_id, actor=CLERK, reason_code="duplicate")
    )
    assert milestones(queue) == [(line[10].code, 10)]


async def test_a_no_show_returning_ahead_announces_nothing(queue):
    line = await placed_in_turn(queue, 4)
    await schedule(queue, line[0], days=0)  # a no-show is due from that day on
    before = milestones(queue)
    await queue.handle(
        hospital_commands.RecordNoShow(entry_id=line[0].entry_id, actor=CLERK)
    )
    assert milestones(queue) == before
