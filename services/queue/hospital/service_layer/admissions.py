"""The admissions clerk's pull: the next patients scheduled for a day.

A pull runs in one transaction that writes the queue's document (so pulls
of one queue, on any replica, commit one after the other), reads the bed
ledger, and moves each entry with a version-conditional update: two pulls
never get the same patient and never give away more beds than are free.
"""

from __future__ import annotations

from typing import Any

from services.queue.hospital.domain.admissions import (
    TESTS_LAPSE,
    earliest_test_expiry,
    lapses_before_admission,
    pull_limit,
    require_bookable,
)
from services.queue.hospital.domain.commands import PullAdmissions
from services.queue.hospital.service_layer.admissions_list import (
    entry_summary,
    readiness,
)
from services.queue.hospital.service_layer.answered_once import answered_once
from services.queue.hospital.service_layer.dependencies import Hospital
from services.queue.hospital.service_layer.hospital_queues import beds_of
from services.queue.waiting_list.domain.beds import BedCounts, free_beds, room
from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.domain.ordering import queue_id as queue_of
from services.queue.waiting_list.service_layer.writer import QueueWriter
from shared.clock import iso
from shared.idempotency import Answer, scope

MAX_SKIPPED = 200
"""Entries with lapsing tests a pull passes over before it stops looking."""


async def pull(command: PullAdmissions, hospital: Hospital) -> Answer:
    require_bookable(command.on, hospital.calendar.today())
    beds = beds_of(hospital, command.facility_id, command.bed_profile)
    key = command.idempotency_key
    request = {
        "bed_profile": command.bed_profile,
        "date": command.on.isoformat(),
        "count": command.count,
        "override_reason_code": command.override_reason_code,
        "note": command.note,
    }

    async def work(writer: QueueWriter) -> dict[str, Any]:
        return await _pull(writer, command, beds)

    key_scope = scope(command.facility_id, "pull", key) if key else None
    return await answered_once(hospital, key_scope, request, 200, work)


async def _pull(
    writer: QueueWriter, command: PullAdmissions, beds: int
) -> dict[str, Any]:
    on, queue_id = command.on, queue_of(command.facility_id, command.bed_profile)
    held = await writer.change.bed_ledger.counts(queue_id, on)
    room_before = room(beds, held.occupied, held.booked)
    limit = pull_limit(
        command.count, room_before, command.override_reason_code is not None
    )
    taken: list[dict[str, Any]] = []
    skipped: list[QueueEntry] = []
    while len(taken) < limit and len(skipped) <= MAX_SKIPPED:
        head = await writer.waiting_head(queue_id, len(skipped) + limit - len(taken))
        passed = {e.entry_id for e in skipped}
        fresh = [e for e in head if e.entry_id not in passed]
        if not fresh:
            break
        for entry in fresh:
            if lapses_before_admission(entry, on):
                skipped.append(entry)
                continue
            beyond = room_before - len(taken) <= 0
            await _schedule(writer, command, entry, beyond)
            taken.append({**entry_summary(entry), **readiness(entry, on)})
            taken[-1]["beyond_free_beds"] = beyond
    return _pulled(command, queue_id, beds, held, limit, taken, skipped)


async def _schedule(
    writer: QueueWriter, command: PullAdmissions, entry: QueueEntry, beyond: bool
) -> None:
    """Book the entry's bed; the override is recorded only beyond the beds."""
    override = command.override_reason_code if beyond else None
    change = entry.schedule(
        command.on, command.actor, writer.now, command.note, override
    )
    await writer.record(entry, change)


def _pulled(
    command: PullAdmissions,
    queue_id: str,
    beds: int,
    held: BedCounts,
    limit: int,
    taken: list[dict[str, Any]],
    skipped: list[QueueEntry],
) -> dict[str, Any]:
    return {
        "queue_id": queue_id,
        "facility_id": command.facility_id,
        "bed_profile": command.bed_profile,
        "date": command.on.isoformat(),
        "requested": command.count,
        "scheduled": taken,
        "skipped": [
            {
                "entry_id": e.entry_id,
                "hospitalization_code": e.hospitalization_code,
                "reason": TESTS_LAPSE,
                "tests_valid_until": iso(earliest_test_expiry(e)),
            }
            for e in skipped
        ],
        "free_beds": {
            "before": free_beds(beds, held.occupied, held.booked),
            "after": free_beds(beds, held.occupied, held.booked + len(taken)),
        },
        "limited_by_free_beds": limit < command.count,
        "override_reason_code": command.override_reason_code,
    }
