"""What the patient lookup asks the notification service to send, through
the outbox: a one-time code, and the warning that someone tried the code.

Neither changes the entry (no version, no log record); both name the entry
and its referral so the notification service finds the contact on file. The
one-time code travels only in this event and the message made of it.
"""

from __future__ import annotations

from typing import Any

from services.queue.patients.domain.commands import SendOneTimeCode, WarnOfGuesses
from services.queue.patients.service_layer.dependencies import Patients
from services.queue.waiting_list.domain.records import PRODUCER
from services.queue.waiting_list.service_layer.unit_of_work import QueueChange
from shared.contracts import new_event


async def send_one_time_code(command: SendOneTimeCode, patients: Patients) -> bool:
    data = {"one_time_code": command.one_time_code, "expires_at": command.expires_at}
    return await _tell(patients, command.code, "queue.verification_requested", data)


async def warn_of_guesses(command: WarnOfGuesses, patients: Patients) -> bool:
    return await _tell(
        patients, command.code, "queue.lookup_guessed", {"at": command.at}
    )


async def _tell(
    patients: Patients, code: str, event_type: str, extra: dict[str, Any]
) -> bool:
    async def work(change: QueueChange) -> bool:
        entry = await change.entries.by_code(code)
        if entry is None:
            return False
        data = {
            "entry_id": entry.entry_id,
            "referral_id": entry.referral_id,
            "hospitalization_code": code,
            **extra,
        }
        change.emit(new_event(event_type, data, PRODUCER))
        return True

    return bool(await patients.uow.run(work))
