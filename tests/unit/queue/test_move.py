"""The referring doctor's move on the waiting list (memory unit of work): a
waiting entry goes to another hospital's queue of its profile as the same
entry and code, keeping its registration time (so it lands ahead of that
queue's later-registered entries, with that queue's next sequence number),
leaves its old line (whose entries behind move up and hear of milestones),
and both queues' logs record it. One that is not waiting, or already there,
or of no entry of the facility's, is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.queue.hospital.domain import commands as hospital_commands
from services.queue.hospital.service_layer.views import entry_answer
from services.queue.waiting_list.domain import commands
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.movement import AHEAD_LEFT, PLACED_AHEAD
from services.queue.waiting_list.service_layer.views import queue_log_page
from shared.contracts import Envelope, new_event
from shared.messaging import AlreadyProcessed
from tests.queue_builders import ELSEWHERE, HOSPITAL, QUEUE, START, Placed, delivered
from tests.unit.queue.doctors import CLERK, refusals
from tests.unit.queue.memory_queue import MemoryQueue
from tests.unit.queue.support import entries_of, positions, today

THERE = f"{ELSEWHERE}:psychiatry"


async def ask_move(
    queue: MemoryQueue,
    placed: Placed,
    to: str = ELSEWHERE,
    version: int = 2,
    facility: str = "KZ-75-P01",
) -> Envelope:
    """``referral.move_requested`` as the referral service publishes it,
    delivered to the queue's bus."""
    envelope = delivered(
        new_event(
            "referral.move_requested",
            {
                "referral_id": placed.referral_id,
                "hospitalization_code": placed.code,
                "version": version,
                "referring_facility_id": facility,
                "facility_id": HOSPITAL,
                "to_facility_id": to,
                "reason_code": "shorter_wait",
                "actor": "doctor:dr-aliya",
            },
            producer="referral",
        )
    )
    await queue.bus.handle_event(envelope)
    return envelope


async def at(queue: MemoryQueue, minutes: int, where: str = HOSPITAL) -> Placed:
    return await queue.place(
        registered_at=START + timedelta(minutes=minutes),
        queue=(where, "psychiatry"),
    )


async def test_a_move_keeps_the_registration_time_in_the_new_queue(queue):
    moving, behind = await at(queue, 5), await at(queue, 6)
    early, late, later = [await at(queue, m, ELSEWHERE) for m in (1, 10, 20)]
    await ask_move(queue, moving)
    assert positions(queue, [early, moving, late, later]) == [1, 2, 3, 4]
    assert positions(queue, [behind]) == [1]
    assert queue.book.get(moving.code).line.queue_id == THERE
    assert (len(queue.book.line(QUEUE)), len(queue.book.line(THERE))) == (1, 4)
    [event] = queue.outbox("queue.entry_moved")
    assert (event.data["entry_id"], event.data["hospitalization_code"]) == (
        moving.entry_id,
        moving.code,
    )
    assert (event.data["facility_id"], event.data["queue_id"]) == (ELSEWHERE, THERE)
    assert (event.data["from_facility_id"], event.data["reason_code"]) == (
        HOSPITAL,
        "shorter_wait",
    )
    assert (event.data["position"], event.data["queue_length"]) == (2, 4)
    assert (event.data["status"], event.data["version"]) == ("waiting", 2)
    [stored] = entries_of(queue, _id=moving.entry_id)
    assert (stored["facility_id"], stored["queue_id"], stored["seq"]) == (
        ELSEWHERE,
        THERE,
        4,
    )
    assert stored["registered_at"] == START + timedelta(minutes=5)
    assert stored["referral_version"] == 2
    assert entries_of(queue, queue_id=QUEUE, status="waiting") == entries_of(
        queue, _id=behind.entry_id
    )


async def test_both_queues_log_the_move_and_their_chains_hold(queue):
    moving, behind = await at(queue, 5), await at(queue, 6)
    await at(queue, 1, ELSEWHERE)
    await ask_move(queue, moving)
    [out] = queue.log_records(event_type="queue.entry_moved", to_status="waiting")[1:]
    [into] = queue.log_records(event_type="queue.entry_moved")[:1]
    assert (into["details"]["direction"], out["details"]["direction"]) == ("in", "out")
    assert into["event_id"] == out["event_id"]
    assert (into["order"]["seq"], out["order"]["seq"]) == (2, 1)
    assert into["details"]["position"] == 2 and "position" not in out["details"]
    for name, length in ((QUEUE, 3), (THERE, 2)):
        page = await queue_log_page(queue.uow, name, 0, 10)
        assert page is not None
        assert (page["length"], page["verification"]["intact"]) == (length, True)
    assert positions(queue, [behind]) == [1]


async def test_the_old_line_sees_one_leave_and_the_new_one_placed_ahead(queue):
    moving, behind = await at(queue, 5), await at(queue, 6)
    await at(queue, 1, ELSEWHERE)
    late = await at(queue, 10, ELSEWHERE)
    await ask_move(queue, moving)
    old_line, new_line = queue.book.line(QUEUE), queue.book.line(THERE)
    left = old_line.last_change(queue.book.get(behind.code).key)
    placed_ahead = new_line.last_change(queue.book.get(late.code).key)
    assert (left.reason, placed_ahead.reason) == (AHEAD_LEFT, PLACED_AHEAD)
    milestones = queue.outbox("queue.position_milestone", entry_id=behind.entry_id)
    assert [m.data["position"] for m in milestones] == [1]
    assert (old_line.watermark, new_line.watermark) == (3, 3)


async def test_a_move_is_refused_unless_waiting_elsewhere_for_the_facility(queue):
    waiting, scheduled, expired = [await at(queue, m) for m in (1, 2, 3)]
    on = today(queue) + timedelta(days=1)
    await queue.handle(
        commands.Schedule(entry_id=scheduled.entry_id, actor=CLERK, on=on)
    )
    await queue.handle(commands.Expire(entry_id=expired.entry_id))
    logged = len(queue.log_records())
    await ask_move(queue, scheduled)
    await ask_move(queue, expired)
    await ask_move(queue, waiting, to=HOSPITAL)
    await ask_move(queue, waiting, facility="KZ-71-P01")
    assert refusals(queue) == [
        ("not_waiting", "scheduled"),
        ("not_waiting", "expired"),
        ("same_facility", "waiting"),
        ("not_in_queue", None),
    ]
    requests = {e.data["request"] for e in queue.outbox("queue.request_refused")}
    assert requests == {"referral.move_requested"}
    assert queue.outbox("queue.entry_moved") == []
    assert len(queue.log_records()) == logged
    assert {r["queue_id"] for r in queue.entries().values()} == {QUEUE}
    assert queue.entries()[scheduled.entry_id]["scheduled_date"] == on.isoformat()


async def test_a_move_is_carried_out_once_and_an_older_request_is_ignored(queue):
    moving = await at(queue, 5)
    request = await ask_move(queue, moving, version=4)
    with pytest.raises(AlreadyProcessed):
        await queue.bus.handle_event(request)
    await ask_move(queue, moving, to="KZ-79-M01", version=3)
    assert len(queue.outbox("queue.entry_moved")) == 1
    assert refusals(queue) == []
    assert queue.entries()[moving.entry_id]["queue_id"] == THERE


async def test_the_new_hospital_sees_none_of_the_old_ones_notes(queue, clock):
    moving = await at(queue, 5)
    on = today(queue) + timedelta(days=1)
    await queue.handle(commands.Schedule(entry_id=moving.entry_id, actor=CLERK, on=on))
    clock.advance(days=1)
    await queue.handle(
        hospital_commands.RecordNoShow(
            entry_id=moving.entry_id, actor=CLERK, note="says she moved away"
        )
    )
    await ask_move(queue, moving, version=2)
    there = Actor("hospital", f"{ELSEWHERE}:clerk-9")
    await queue.handle(
        commands.Schedule(
            entry_id=moving.entry_id,
            actor=there,
            on=on + timedelta(days=1),
            note="bring the scan",
        )
    )
    stored = await queue.waiting_list.uow.reader().entries.get(moving.entry_id)
    assert stored is not None
    answer = await entry_answer(queue.hospital, stored)
    assert [n["note"] for n in answer["notes"]] == ["bring the scan"]
