"""The doctor's edit on the waiting list (memory unit of work): new tests
replace the entry's; a new priority is a reorder that keeps the entry's
registration time and sequence and moves it only among the other priority's
entries, in the order index, the book, the signed log and an event; stale,
repeated and closed-entry edits do nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.queue.waiting_list.domain import commands
from services.queue.waiting_list.domain.ordering import unpack
from services.queue.waiting_list.service_layer.edits import EntryNotYetPlaced
from shared.messaging import AlreadyProcessed
from tests.queue_builders import Placed, delivered, edited, registered
from tests.unit.queue.doctors import CLERK, line
from tests.unit.queue.support import positions, today


def a_test(queue, days: int) -> list[dict]:
    valid_until = today(queue) + timedelta(days=days)
    return [{"code": "ecg", "valid_until": valid_until}]


async def tell(queue, envelope):
    await queue.bus.handle_event(delivered(envelope))


def urgent(placed, version: int = 2):
    return edited(
        placed,
        version=version,
        priority="urgent",
        reason_code="condition_worsened",
        changed=("priority",),
    )


async def test_new_tests_replace_the_entrys_and_are_logged(queue):
    [placed] = await line(queue, 1)
    await tell(queue, edited(placed, version=2, tests=a_test(queue, 60)))
    entry = queue.entries()[placed.entry_id]
    valid_until = (today(queue) + timedelta(days=60)).isoformat()
    assert entry["tests"] == [{"code": "ecg", "valid_until": valid_until}]
    assert (entry["version"], entry["edit_version"]) == (2, 2)
    [updated] = queue.outbox("queue.entry_updated")
    assert (updated.data["changed"], updated.data["referral_version"]) == (
        ["tests"],
        2,
    )
    record = queue.log_records()[-1]
    assert (record["event_type"], record["from_status"], record["to_status"]) == (
        "queue.entry_updated",
        "waiting",
        "waiting",
    )


async def test_planned_to_urgent_moves_ahead_of_planned_registered_earlier(queue):
    first, second, third = await line(queue, 3)
    before = queue.entries()[third.entry_id]
    await tell(queue, urgent(third))
    assert positions(queue, [third, first, second]) == [1, 2, 3]
    after = queue.entries()[third.entry_id]
    assert (after["registered_ms"], after["seq"]) == (
        before["registered_ms"],
        before["seq"],
    )
    [reordered] = queue.outbox("queue.entry_reordered")
    assert (reordered.data["position"], reordered.data["priority"]) == (1, "urgent")
    assert reordered.data["reason_code"] == "condition_worsened"
    record = queue.log_records()[-1]
    assert record["event_type"] == "queue.entry_reordered"
    assert record["order"]["priority"] == "urgent"
    assert record["order"]["seq"] == before["seq"]
    assert (
        queue.book.get(first.code)
        .line.last_change(queue.book.get(first.code).key)
        .reason
        == "moved_ahead"
    )


async def test_urgent_back_to_planned_returns_to_its_registration_place(queue):
    first, second, third = await line(queue, 3)
    await tell(queue, urgent(second))
    assert positions(queue, [second, first, third]) == [1, 2, 3]
    back = edited(
        second,
        version=3,
        priority="planned",
        reason_code="registered_in_error",
        changed=("priority",),
    )
    await tell(queue, back)
    assert positions(queue, [first, second, third]) == [1, 2, 3]
    key = queue.book.get(second.code).key
    assert unpack(key).priority == "planned"
    line_of = queue.book.get(first.code).line
    assert line_of.last_change(queue.book.get(first.code).key).reason == (
        "moved_behind"
    )
    assert line_of.last_change(key).reason == "reordered"
    behind = queue.book.get(third.code).key
    assert line_of.last_change(behind).reason != "moved_behind"


async def test_a_stale_a_repeated_and_an_unchanged_edit_do_nothing(queue):
    [placed] = await line(queue, 1)
    newest = edited(placed, version=4, tests=a_test(queue, 60))
    await tell(queue, newest)
    logged = len(queue.log_records())
    await tell(queue, edited(placed, version=3, tests=a_test(queue, 30)))
    with pytest.raises(AlreadyProcessed):
        await tell(queue, newest)
    await tell(queue, edited(placed, version=5, tests=a_test(queue, 60)))
    assert len(queue.log_records()) == logged
    entry = queue.entries()[placed.entry_id]
    valid_until = (today(queue) + timedelta(days=60)).isoformat()
    assert entry["tests"][0]["valid_until"] == valid_until


async def test_a_scheduled_entry_is_reordered_without_a_position(queue):
    [placed] = await line(queue, 1)
    on = today(queue) + timedelta(days=1)
    await queue.handle(commands.Schedule(entry_id=placed.entry_id, actor=CLERK, on=on))
    await tell(queue, urgent(placed, version=2))
    [reordered] = queue.outbox("queue.entry_reordered")
    assert (reordered.data["status"], reordered.data["position"]) == (
        "scheduled",
        None,
    )
    assert queue.entries()[placed.entry_id]["priority"] == "urgent"


async def test_a_closed_entry_or_another_facilitys_takes_no_edit(queue):
    closed, mine = await line(queue, 2)
    await queue.handle(commands.Expire(entry_id=closed.entry_id))
    logged = len(queue.log_records())
    await tell(queue, urgent(closed))
    await tell(
        queue, edited(mine, version=2, facility="KZ-71-P01", tests=a_test(queue, 9))
    )
    assert len(queue.log_records()) == logged
    assert queue.entries()[mine.entry_id]["tests"] == []


async def test_an_edit_that_overtakes_the_registration_waits_for_it(queue):
    registration = registered(registered_at=queue.clock())
    early = edited(Placed(registration, "not-yet"), version=2, tests=a_test(queue, 60))
    with pytest.raises(EntryNotYetPlaced):
        await tell(queue, early)
    await queue.bus.handle_event(delivered(registration))
    await tell(queue, early)  # the consumer's retry
    [entry] = queue.entries().values()
    assert entry["tests"][0]["code"] == "ecg"
