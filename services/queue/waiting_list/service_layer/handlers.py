"""What the waiting list does for each event it consumes and each command
(the patients' and the hospital's own are in their rooms' handlers; the
service's message bus routes to all three).

EVENT_HANDLERS    referral.registered -> place the entry (idempotent)
                  referral.patient_named -> keep the name for the hospital's
                      clerks, apart from the entry (``patient_names.py``)
                  referral.cancelled  -> cancel it
                  referral.reinstatement_requested, referral.renewal_requested
                      -> carry out the doctor's request, or refuse it
                      (``requests.py``)
                  referral.move_requested -> move the entry to another
                      hospital's queue, or refuse it (``moves.py``)
                  referral.updated -> take the doctor's edit: new tests, a
                      reorder (``edits.py``)
COMMAND_HANDLERS  Schedule, Cancel, Expire, Reinstate, Renew -> one
                      transition each
                  RemindExpiry -> tell the patient once (no transition)
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from services.queue.waiting_list.domain import commands, events
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.lapsing import NOT_ACTIVE
from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.domain.pre_admission import PreAdmissionTest
from services.queue.waiting_list.domain.records import PRODUCER, common_data
from services.queue.waiting_list.domain.status import CANCELLABLE, InvalidTransition
from services.queue.waiting_list.domain.validity import reminder_due
from services.queue.waiting_list.service_layer.dependencies import WaitingList
from services.queue.waiting_list.service_layer.edits import take_edit
from services.queue.waiting_list.service_layer.moves import (
    MOVE_REQUESTED,
    carry_out_move,
)
from services.queue.waiting_list.service_layer.patient_names import keep_patient_name
from services.queue.waiting_list.service_layer.requests import (
    NOT_IN_QUEUE,
    REQUESTS,
    doctors_command,
    refusal,
    requested_of,
)
from services.queue.waiting_list.service_layer.unit_of_work import QueueChange
from services.queue.waiting_list.service_layer.writer import QueueWriter
from shared.clock import to_ms_precision
from shared.contracts import Envelope, new_event
from shared.iin import iin_digest


class EntryNotFound(Exception):
    """No such entry (or not one the caller may see)."""


Transition = Callable[[QueueEntry, Any, WaitingList, datetime], events.EntryChanged]
TRANSITIONS: dict[type[commands.EntryCommand], Transition] = {
    commands.Schedule: lambda e, c, b, now: e.schedule(
        c.on, c.actor, now, c.note, c.override_reason_code
    ),
    commands.Cancel: lambda e, c, b, now: e.cancel(
        c.actor, now, c.reason_code, c.note, reinstatable_until=window(b)
    ),
    commands.Expire: lambda e, c, b, now: e.expire(
        now, b.calendar.today(), b.expiry.reinstate_days, c.actor
    ),
    commands.Reinstate: lambda e, c, b, now: e.reinstate(
        c.valid_until, c.actor, now, b.calendar.today(), c.note, c.reason_code
    ),
    commands.Renew: lambda e, c, b, now: e.renew(
        c.valid_until, c.reason_code, c.actor, now, c.note
    ),
}


def window(waiting_list: WaitingList) -> date:
    """The last day a closure made now can be undone."""
    return waiting_list.expiry.reinstatable_until(waiting_list.calendar.today())


async def named_entry(
    writer: QueueWriter, command: commands.EntryCommand
) -> QueueEntry:
    """The entry the command names, if it is the command's hospital's (when
    it names one); else EntryNotFound."""
    entry = await writer.entry(command.entry_id)
    if entry is None or (
        command.facility_id is not None and entry.facility_id != command.facility_id
    ):
        raise EntryNotFound(command.entry_id)
    return entry


async def change_entry(
    command: commands.EntryCommand, waiting_list: WaitingList
) -> QueueEntry:
    """Load the entry, make the transition, record it (log, event, and the
    milestones of the entries it moves). Raises EntryNotFound, or the
    domain's InvalidTransition."""
    transition = TRANSITIONS[type(command)]

    async def work(writer: QueueWriter) -> QueueEntry:
        entry = await named_entry(writer, command)
        change = transition(entry, command, waiting_list, writer.now)
        await writer.record(entry, change)
        return entry

    return await waiting_list.changes.run(work)


async def remind_expiry(
    command: commands.RemindExpiry, waiting_list: WaitingList
) -> bool:
    """Tell the patient once that the referral lapses soon. Not a transition:
    the version stays, a flag records that the reminder went out. (It
    changes no entry's state, so it runs in the unit of work directly, not
    through ``EntryChanges``.)"""
    rules = waiting_list.expiry

    async def work(change: QueueChange) -> bool:
        entry = await change.entries.get(command.entry_id)
        if entry is None:
            return False
        if not reminder_due(entry, waiting_list.calendar.today(), rules.warning_days):
            return False
        await change.entries.mark_reminded(entry)
        data = {
            **common_data(entry),
            "actor": "system",
            "reason_code": None,
            "valid_until": entry.valid_until,
        }
        change.emit(new_event("queue.expiry_approaching", data, PRODUCER))
        return True

    return bool(await waiting_list.uow.run(work))


def entry_from_referral(data: Mapping[str, Any], digest_key: bytes) -> QueueEntry:
    return QueueEntry(
        entry_id=uuid.uuid4().hex,
        referral_id=data["referral_id"],
        referral_version=data["version"],
        hospitalization_code=data["hospitalization_code"],
        iin=data["iin"],
        iin_digest=iin_digest(data["iin"], digest_key),
        facility_id=data["facility_id"],
        bed_profile=data["bed_profile"],
        referring_facility_id=data["referring_facility_id"],
        priority=data["priority"],
        stay=data["stay"],
        registered_at=to_ms_precision(data["registered_at"].astimezone(UTC)),
        valid_until=data["valid_until"],
        planned_date=data.get("planned_date"),
        tests=tuple(
            PreAdmissionTest(t["code"], t["valid_until"]) for t in data.get("tests", ())
        ),
    )


async def place_referral(envelope: Envelope, waiting_list: WaitingList) -> None:
    """Place a registered referral in its queue, once: the event id is
    recorded with the entry, and a second event for the same referral finds
    the entry (unique index on referral_id) and does nothing."""
    data = envelope.data

    async def work(writer: QueueWriter) -> None:
        if await writer.entry_by_referral(data["referral_id"]) is not None:
            return
        cancelled = await writer.change.tombstones.version(data["referral_id"])
        if cancelled is not None and cancelled >= data["version"]:
            return
        await writer.place(entry_from_referral(data, waiting_list.digest_key))

    await waiting_list.changes.run(work, handled_event_id=envelope.event_id)


async def cancel_referral(envelope: Envelope, waiting_list: WaitingList) -> None:
    """The doctor (or the referral service) cancelled the referral. Stale
    events (an older referral version) are ignored; a cancellation that
    arrives before the registration is remembered so it is never placed."""
    data = envelope.data
    actor = Actor.parse(data["actor"], default_role="doctor")

    async def work(writer: QueueWriter) -> None:
        entry = await writer.entry_by_referral(data["referral_id"])
        if entry is None:
            await writer.change.tombstones.remember(
                data["referral_id"], data["version"]
            )
            return
        if data["version"] <= entry.referral_version or entry.status not in CANCELLABLE:
            return
        entry.referral_version = data["version"]
        change = entry.cancel(actor, writer.now, data["reason_code"])
        await writer.record(entry, change)

    await waiting_list.changes.run(work, handled_event_id=envelope.event_id)


async def carry_out_request(envelope: Envelope, waiting_list: WaitingList) -> None:
    """A doctor's request (reinstate, renew): its transition, or its refusal
    when the queue has no such entry of the facility's or the entry's state
    does not allow it; a request older than what the entry has seen of the
    referral is stale and ignored."""
    data = envelope.data

    async def work(writer: QueueWriter) -> None:
        entry = await writer.entry_by_referral(data["referral_id"])
        if entry is None or not requested_of(entry, data):
            writer.change.emit(refusal(envelope, None, NOT_IN_QUEUE))
            return
        if data["version"] <= entry.referral_version:
            return
        command = doctors_command(envelope, entry.entry_id)
        transition = TRANSITIONS[type(command)]
        try:
            change = transition(entry, command, waiting_list, writer.now)
        except InvalidTransition as refused:
            writer.change.emit(refusal(envelope, entry, refused.code or NOT_ACTIVE))
            return
        entry.referral_version = data["version"]
        await writer.record(entry, change)

    await waiting_list.changes.run(work, handled_event_id=envelope.event_id)


EventHandler = Callable[[Envelope, WaitingList], Awaitable[None]]
EVENT_HANDLERS: dict[str, EventHandler] = {
    "referral.registered": place_referral,
    "referral.patient_named": keep_patient_name,
    "referral.cancelled": cancel_referral,
    **dict.fromkeys(REQUESTS, carry_out_request),
    "referral.updated": take_edit,
    MOVE_REQUESTED: carry_out_move,
}
COMMAND_HANDLERS: dict[type, Callable[[Any, WaitingList], Awaitable[Any]]] = {
    **{kind: change_entry for kind in TRANSITIONS},
    commands.RemindExpiry: remind_expiry,
}


async def handle(command: object, waiting_list: WaitingList) -> Any:
    return await COMMAND_HANDLERS[type(command)](command, waiting_list)
