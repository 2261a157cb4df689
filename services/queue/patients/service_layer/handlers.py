"""What the queue service does for a patient: their own cancellation, and
the lookup's notices (a one-time code, the warning of guesses).

COMMAND_HANDLERS  CancelByPatient -> leave the queue (code and IIN again)
                  SendOneTimeCode, WarnOfGuesses -> an event for the
                      notification service (no entry changes)
EVENT_HANDLERS    none
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from services.queue.patients.domain import commands
from services.queue.patients.service_layer.dependencies import Patients
from services.queue.patients.service_layer.lookup_notices import (
    send_one_time_code,
    warn_of_guesses,
)
from services.queue.patients.service_layer.patient_gate import PatientNotFound
from services.queue.waiting_list.domain.actors import PATIENT
from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.domain.status import InvalidTransition
from services.queue.waiting_list.service_layer.writer import QueueWriter
from shared.contracts import Envelope
from shared.iin import iin_digest


class NotCancellable(InvalidTransition):
    """The patient's entry can no longer be cancelled by the patient."""


async def cancel_by_patient(
    command: commands.CancelByPatient, patients: Patients
) -> QueueEntry:
    digest = iin_digest(command.iin, patients.digest_key)
    until = patients.expiry.reinstatable_until(patients.calendar.today())

    async def work(writer: QueueWriter) -> QueueEntry:
        entry = await writer.entry_by_code(command.code)
        stored = entry.iin_digest if entry is not None else "0" * len(digest)
        if not hmac.compare_digest(stored, digest) or entry is None:
            raise PatientNotFound(command.code)
        try:
            change = entry.cancel(
                PATIENT,
                writer.now,
                command.reason_code,
                command.note,
                reinstatable_until=until,
            )
        except InvalidTransition as exc:
            raise NotCancellable(exc.action, exc.status) from exc
        await writer.record(entry, change)
        return entry

    return await patients.changes.run(work)


EVENT_HANDLERS: Mapping[str, Callable[[Envelope, Patients], Awaitable[None]]] = {}
COMMAND_HANDLERS: dict[type, Callable[[Any, Patients], Awaitable[Any]]] = {
    commands.CancelByPatient: cancel_by_patient,
    commands.SendOneTimeCode: send_one_time_code,
    commands.WarnOfGuesses: warn_of_guesses,
}
