"""The guarantee's sweep tells each entry once per level: at risk, then in
breach; run twice, it tells nothing more. The event carries the deadline,
the estimate and the alternatives as facility ids, no bed profile."""

from __future__ import annotations

from datetime import timedelta

from services.queue.guarantee.service_layer.sweep import run_guarantee_sweep
from services.queue.waiting_list.domain import commands
from services.queue.waiting_list.domain.actors import Actor
from tests.unit.queue.guarantee.scene import MAX_DAYS, scene
from tests.unit.queue.memory_queue import memory_queue
from tests.unit.queue.support import today

CLERK = Actor("hospital", "KZ-75-M01:clerk-1")


async def test_at_risk_is_told_once(setting):
    queue = setting.queue
    first = await run_guarantee_sweep(setting.guarantees)
    again = await run_guarantee_sweep(setting.guarantees)
    assert (first.flagged, first.told, again.told) == (1, 1, 0)
    [told] = queue.outbox("queue.wait_at_risk")
    data = told.data
    assert data["entry_id"] == setting.late.entry_id
    assert data["deadline"] == (today(queue) + timedelta(days=MAX_DAYS)).isoformat()
    assert (data["max_wait_days"], data["flag"], data["days_over"]) == (
        30,
        "at_risk",
        4,
    )
    assert data["alternatives"] == ["KZ-75-R01"]
    assert data["estimated_admission"]["latest"] > data["deadline"]
    assert "bed_profile" not in data
    assert queue.entries()[setting.late.entry_id]["wait_told"] == "at_risk"
    assert data["version"] == queue.entries()[setting.late.entry_id]["version"]
    assert queue.outbox("queue.wait_breached") == []


async def test_a_breach_is_told_once_after_the_risk_and_every_later_day(setting):
    queue = setting.queue
    await run_guarantee_sweep(setting.guarantees)
    queue.clock.advance(days=MAX_DAYS + 1)
    report = await run_guarantee_sweep(setting.guarantees)
    assert (report.flagged, report.told) == (6, 6)
    queue.clock.advance(days=1)
    assert (await run_guarantee_sweep(setting.guarantees)).told == 0
    breached = queue.outbox("queue.wait_breached")
    assert sorted(e.data["entry_id"] for e in breached) == sorted(
        p.entry_id for p in setting.waiting
    )
    assert {e.data["flag"] for e in breached} == {"in_breach"}
    assert len(queue.outbox("queue.wait_at_risk")) == 1


async def test_leaving_waiting_forgets_the_level_told(setting):
    queue, late = setting.queue, setting.late
    await run_guarantee_sweep(setting.guarantees)
    on = today(queue) + timedelta(days=1)
    await queue.handle(commands.Schedule(entry_id=late.entry_id, actor=CLERK, on=on))
    assert queue.entries()[late.entry_id]["wait_told"] is None
    assert (await run_guarantee_sweep(setting.guarantees)).told == 0


async def test_no_guarantee_no_sweep(clock):
    unguarded = await scene(memory_queue(clock=clock))
    assert unguarded.guarantees.max_waits == {}
    report = await run_guarantee_sweep(unguarded.guarantees)
    assert (report.flagged, report.told) == (0, 0)
