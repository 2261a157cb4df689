"""Registering an emergency admission: in one transaction, close the
patient's open entries of that bed profile at any hospital (found by the IIN
digest; their followers move up, milestones are announced), then store the
admission as an admitted entry of the clerk's queue. The diagnosis is kept
with the admission record only, never in an event or the queue log.

Each closing is a change of the closed entry's queue: its log record names
the clerk and ``admitted_elsewhere``; its event names the bureau (``system``)
as the actor, so the referring doctor and the other hospital learn that the
patient was admitted elsewhere, never where. The clerk's answer says how many
open entries were closed and nothing that identifies them; the admission
record keeps their ids (to undo a mistaken closing). The patient's name,
when the clerk gives one, is kept beside the entry as a referral's is (never
in the event or the log), for this hospital's lists.

A patient whom the registry's rule for these beds does not admit (an age
range, a sex: :mod:`shared.reference.profile_rules`) on the bureau's today is
refused, and nothing is written (a retry with the key of an admission made
gets that admission's answer)."""

from __future__ import annotations

import uuid
from typing import Any

from services.queue.hospital.domain.commands import RegisterEmergency
from services.queue.hospital.domain.emergencies import (
    CLOSABLE,
    admit_emergency,
    close_as_admitted_elsewhere,
)
from services.queue.hospital.service_layer.answered_once import answered_once
from services.queue.hospital.service_layer.dependencies import Hospital
from services.queue.hospital.service_layer.hospital_queues import bed_profile_of
from services.queue.waiting_list.domain.actors import SYSTEM
from services.queue.waiting_list.domain.beds import free_beds
from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.domain.ordering import queue_id as queue_of
from services.queue.waiting_list.service_layer.ports import EmergencyAdmission
from services.queue.waiting_list.service_layer.writer import QueueWriter
from shared.idempotency import Answer, scope
from shared.iin import iin_digest
from shared.reference.profile_rules import Misfit, patient_misfit
from shared.reference.registry import BedProfile

OPEN_FIRST = {"waiting": 0, "scheduled": 0, "expired": 1}


class AlreadyAdmitted(Exception):
    def __init__(self, entry_id: str):
        super().__init__("The patient is already admitted to these beds.")
        self.entry_id = entry_id


class PatientDoesNotFit(Exception):
    """The beds' rule does not admit the patient: one sentence per rule
    broken, each saying the rule and what does not fit, never the IIN."""

    def __init__(self, misfits: list[Misfit]):
        super().__init__(" ".join(misfits))
        self.misfits = misfits


async def register_emergency(command: RegisterEmergency, hospital: Hospital) -> Answer:
    profile = bed_profile_of(hospital, command.facility_id, command.bed_profile)
    digest = iin_digest(command.iin, hospital.digest_key)
    admission_id = uuid.uuid4().hex
    request = {
        "iin_digest": digest,
        "bed_profile": command.bed_profile,
        "diagnosis": command.diagnosis,
    }

    async def work(writer: QueueWriter) -> dict[str, Any]:
        return await _admit(writer, hospital, command, digest, admission_id, profile)

    key = command.idempotency_key
    key_scope = scope(command.facility_id, "emergency", key) if key else None
    return await answered_once(hospital, key_scope, request, 201, work)


async def _admit(
    writer: QueueWriter,
    hospital: Hospital,
    command: RegisterEmergency,
    digest: str,
    admission_id: str,
    profile: BedProfile,
) -> dict[str, Any]:
    _refuse_if_not_admitted(profile, command, hospital)
    queue_id = queue_of(command.facility_id, command.bed_profile)
    await _refuse_if_admitted_here(writer, digest, queue_id)
    closed = await _close_open_entries(writer, hospital, command, digest)
    seq = await writer.next_seq(queue_id)
    entry, change = admit_emergency(
        admission_id=admission_id,
        iin=command.iin,
        iin_digest=digest,
        facility_id=command.facility_id,
        bed_profile=command.bed_profile,
        seq=seq,
        actor=command.actor,
        at=writer.now,
        today=hospital.calendar.today(),
    )
    announced = {"admission_id": admission_id, "facility_id": command.facility_id}
    data = {**announced, "queue_id": queue_id, "actor": str(command.actor)}
    await writer.insert(entry, change, data)
    await _keep_admission(writer, command, entry, closed)
    today = hospital.calendar.today()
    held = await writer.change.bed_ledger.counts(queue_id, today)
    return {
        "admission_id": admission_id,
        "facility_id": command.facility_id,
        "bed_profile": command.bed_profile,
        "queue_id": queue_id,
        "status": entry.status.value,
        "admitted_at": writer.now.isoformat(),
        "open_entries_closed": len(closed),
        "free_beds_today": free_beds(profile.beds, held.occupied, held.booked),
    }


def _refuse_if_not_admitted(
    profile: BedProfile, command: RegisterEmergency, hospital: Hospital
) -> None:
    misfits = patient_misfit(profile.admits, command.iin, hospital.calendar.today())
    if misfits:
        raise PatientDoesNotFit(misfits)


async def _refuse_if_admitted_here(
    writer: QueueWriter, digest: str, queue_id: str
) -> None:
    here = await writer.change.entries.admitted_in(queue_id, digest)
    if here is not None:
        raise AlreadyAdmitted(here)


async def _keep_admission(
    writer: QueueWriter,
    command: RegisterEmergency,
    entry: QueueEntry,
    closed: list[QueueEntry],
) -> None:
    """The admission record (its id is the entry's): the only place the
    diagnosis is kept; the name, if given, beside the entry."""
    if command.full_name is not None:
        await writer.change.patient_names.keep(entry.referral_id, 1, command.full_name)
    admission = EmergencyAdmission(
        admission_id=entry.entry_id,
        queue_id=queue_of(command.facility_id, command.bed_profile),
        facility_id=command.facility_id,
        bed_profile=command.bed_profile,
        diagnosis=command.diagnosis,
        admitted_at=writer.now,
        actor=str(command.actor),
        closed_entry_ids=[e.entry_id for e in closed],
    )
    await writer.change.emergency_admissions.add(admission)


async def _close_open_entries(
    writer: QueueWriter, hospital: Hospital, command: RegisterEmergency, digest: str
) -> list[QueueEntry]:
    """Close the patient's open entries of this bed profile, anywhere; the
    one still in a queue (waiting or scheduled) first. Each referring doctor
    may undo its closing for REINSTATE_DAYS."""
    until = hospital.waiting_list.expiry.reinstatable_until(hospital.calendar.today())
    statuses = [s.value for s in CLOSABLE]
    found = await writer.change.entries.open_of_patient(
        digest, command.bed_profile, statuses
    )
    in_order = sorted(
        found, key=lambda entry_id: (OPEN_FIRST[found[entry_id]], entry_id)
    )
    closed = []
    for entry_id in in_order:
        entry = await writer.entry(entry_id)
        if entry is None:
            continue
        change = close_as_admitted_elsewhere(
            entry, command.actor, writer.now, command.facility_id, until
        )
        await writer.record(entry, change, announced_actor=SYSTEM)
        closed.append(entry)
    return closed
