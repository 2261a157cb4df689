"""What the queue service does for a patient: their own cancellation, and
the lookup's notices (a one-time code, the warning of guesses).

COMMAND_HANDLERS  CancelByPatient, SendOneTimeCode, WarnOfGuesses
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Any

from services.queue.patients.domain import commands
from services.queue.patients.service_layer.dependencies import Patients
from services.queue.patients.service_layer.lookup_notices import (
    send_one_time_code,
    warn_of_guesses,
)
from services.queue.waiting_list.domain.actors import PATIENT
from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.service_layer.handlers import EntryNotFound
from services.queue.waiting_list.service_layer.writer import QueueWriter
from shared.iin import iin_digest


async def cancel_by_patient(
    command: commands.CancelByPatient, patients: Patients
) -> QueueEntry:
    digest = iin_digest(command.iin, patients.digest_key)

    async def work(writer: QueueWriter) -> QueueEntry:
        entry = await writer.entry_by_code(command.code)
        stored = entry.iin_digest if entry is not None else "0" * len(digest)
        if not hmac.compare_digest(stored, digest) or entry is None:
            raise EntryNotFound(command.code)
        change = entry.cancel(PATIENT, writer.now, command.reason_code, command.note)
        await writer.record(entry, change)
        return entry

    return await patients.changes.run(work)


COMMAND_HANDLERS: dict[type, Callable[[Any, Patients], Awaitable[Any]]] = {
    commands.CancelByPatient: cancel_by_patient,
    commands.SendOneTimeCode: send_one_time_code,
    commands.WarnOfGuesses: warn_of_guesses,
}


async def handle(command: object, patients: Patients) -> Any:
    return await COMMAND_HANDLERS[type(command)](command, patients)
