"""Reschedule moves a scheduled admission to another bookable day: the
booking moves with it, a day without a free bed needs an override (logged),
and a past day or an entry not scheduled is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.queue.hospital.domain.admissions import NoFreeBeds, UnbookableDate
from services.queue.hospital.domain.commands import Reschedule
from tests.unit.queue.hospital.desk import last_event, line_of, refused, today

BY_REQUEST = {"reason_code": "patient_request"}


async def booked(q, desk):
    """Eight waiting; the first scheduled for tomorrow, the next six fill the
    day after; the day and the full day."""
    queue = await line_of(q, 8)
    day = today(q) + timedelta(days=1)
    full_day = day + timedelta(days=1)
    await desk.pull(day, 1)
    await desk.pull(full_day, 6)
    return queue, day, full_day


async def test_reschedule_moves_the_booking(q, desk):
    queue, day, _ = await booked(q, desk)
    later = day + timedelta(days=3)

    moved = await desk.act(
        Reschedule, queue[0].entry_id, on=later, note="asked", **BY_REQUEST
    )

    assert moved.scheduled_date == later
    assert (await desk.beds_on(day))["booked"] == 0
    assert (await desk.beds_on(later))["booked"] == 1
    data = last_event(q, "queue.admission_scheduled", queue[0].entry_id)
    assert (data["reason_code"], data["actor"]) == ("patient_request", str(desk.actor))


async def test_a_day_without_a_free_bed_needs_an_override_which_is_logged(q, desk):
    queue, _, full_day = await booked(q, desk)

    with pytest.raises(NoFreeBeds) as full:
        await desk.act(Reschedule, queue[0].entry_id, on=full_day, **BY_REQUEST)
    assert (full.value.on, full.value.free) == (full_day, 0)
    forced = await desk.act(
        Reschedule,
        queue[0].entry_id,
        on=full_day,
        override_reason_code="extra_bed",
        **BY_REQUEST,
    )

    assert forced.scheduled_date == full_day
    [*_, record] = q.log_records(entry_id=queue[0].entry_id)
    assert record["reason_code"] == "patient_request"
    assert record["details"]["override_reason_code"] == "extra_bed"
    assert (await desk.beds_on(full_day))["booked_beyond_beds"] == 1


async def test_a_past_day_and_an_entry_not_scheduled_are_refused(q, desk):
    queue, day, full_day = await booked(q, desk)
    yesterday = today(q) - timedelta(days=1)

    with pytest.raises(UnbookableDate):
        await desk.act(
            Reschedule, queue[0].entry_id, on=yesterday, reason_code="other", note="x"
        )
    assert q.entries()[queue[0].entry_id]["scheduled_date"] == day.isoformat()
    waiting = desk.act(Reschedule, queue[7].entry_id, on=full_day, **BY_REQUEST)
    await refused(q, waiting, "waiting")
