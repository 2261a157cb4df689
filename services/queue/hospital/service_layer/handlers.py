"""What the queue service does for a hospital's admissions clerk.

COMMAND_HANDLERS  PullAdmissions   -> schedule the next waiting entries
                  RegisterEmergency -> admit directly, close open entries
                  Admit, RecordNoShow, Reject, Reschedule, Discharge
                      -> one transition of the clerk's own entry, after the
                         hospital's checks (a no-show is due; a new date is
                         bookable and has a free bed, or an override)
EVENT_HANDLERS    none (the waiting list consumes the referral events)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from services.queue.hospital.domain import commands
from services.queue.hospital.domain.admissions import (
    NoFreeBeds,
    NotDue,
    require_bookable,
)
from services.queue.hospital.service_layer.admissions import pull
from services.queue.hospital.service_layer.dependencies import Hospital
from services.queue.hospital.service_layer.emergencies import register_emergency
from services.queue.hospital.service_layer.hospital_queues import beds_of
from services.queue.waiting_list.domain import events
from services.queue.waiting_list.domain.beds import room
from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.domain.status import Status
from services.queue.waiting_list.service_layer.handlers import named_entry
from services.queue.waiting_list.service_layer.writer import QueueWriter
from shared.contracts import Envelope

Transition = Callable[[QueueEntry, Any, datetime], events.EntryChanged]
TRANSITIONS: dict[type, Transition] = {
    commands.Reschedule: lambda e, c, now: e.reschedule(
        c.on, c.actor, now, c.reason_code, c.note, c.override_reason_code
    ),
    commands.Admit: lambda e, c, now: e.admit(c.actor, now, c.note),
    commands.RecordNoShow: lambda e, c, now: e.no_show(c.actor, now, c.note),
    commands.Reject: lambda e, c, now: e.reject(c.reason_code, c.actor, now, c.note),
    commands.Discharge: lambda e, c, now: e.discharge(c.actor, now, c.note),
}


async def change_own_entry(command: Any, hospital: Hospital) -> QueueEntry:
    """One transition of the clerk's own entry (else EntryNotFound), after
    the hospital's checks."""
    transition = TRANSITIONS[type(command)]

    async def work(writer: QueueWriter) -> QueueEntry:
        entry = await named_entry(writer, command)
        checked = await _checked(writer, hospital, entry, command)
        await writer.record(entry, transition(entry, checked, writer.now))
        return entry

    return await hospital.changes.run(work)


async def _checked(
    writer: QueueWriter, hospital: Hospital, entry: QueueEntry, command: Any
) -> Any:
    """The command to carry out (its override kept only when a bed beyond the
    free ones is booked), or raise."""
    today = hospital.calendar.today()
    if entry.status is not Status.SCHEDULED:
        return command
    due = entry.scheduled_date
    if isinstance(command, commands.RecordNoShow) and due is not None and due > today:
        raise NotDue(due)
    if isinstance(command, commands.Reschedule):
        require_bookable(command.on, today)
        return await _rebooked(writer, hospital, entry, command)
    return command


async def _rebooked(
    writer: QueueWriter,
    hospital: Hospital,
    entry: QueueEntry,
    command: commands.Reschedule,
) -> commands.Reschedule:
    """A new date with a free bed (its override dropped), or beyond the beds
    with an override; else NoFreeBeds."""
    if command.on == entry.scheduled_date:
        return replace(command, override_reason_code=None)
    beds = beds_of(hospital, entry.facility_id, entry.bed_profile)
    held = await writer.change.bed_ledger.counts(entry.queue_id, command.on)
    left = room(beds, held.occupied, held.booked)
    if left < 1 and command.override_reason_code is None:
        raise NoFreeBeds(command.on, max(0, left))
    if left >= 1:
        return replace(command, override_reason_code=None)
    return command


EVENT_HANDLERS: Mapping[str, Callable[[Envelope, Hospital], Awaitable[None]]] = {}
COMMAND_HANDLERS: dict[type, Callable[[Any, Hospital], Awaitable[Any]]] = {
    **{kind: change_own_entry for kind in TRANSITIONS},
    commands.PullAdmissions: pull,
    commands.RegisterEmergency: register_emergency,
}
