"""The patients' side on the memory harness, as its entrypoints drive it: the
gate built as bootstrap builds it (memory lookup limits on the harness's
clock, the notices started afterwards through the bus) and the lookup's
answer as the view renders it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pytest

from services.queue.bootstrap import seconds_of
from services.queue.patients.adapters.memory_limits import MemoryLookupLimits
from services.queue.patients.service_layer.patient_gate import (
    Afterwards,
    PatientGate,
    PatientNotFound,
    VerificationRequired,
)
from services.queue.patients.service_layer.ports import LookupPolicy
from services.queue.patients.service_layer.views import patient_status
from services.queue.settings import QueueSettings
from shared.contracts import Envelope
from shared.http.languages import API_LANGUAGE
from tests.factories import random_iin
from tests.queue_builders import Clock
from tests.unit.queue.memory_queue import SETTINGS, MemoryQueue, memory_queue

CODE_SENT = "queue.verification_requested"
GUESSED = "queue.lookup_guessed"


@dataclass
class PatientSide:
    queue: MemoryQueue
    gate: PatientGate
    settings: QueueSettings

    async def lookup(
        self, code: str, iin: str, one_time_code: str | None = None
    ) -> dict[str, Any]:
        """The lookup's answer for the gate's entry (a refusal raises)."""
        entry = await self.gate.admit(code, iin, one_time_code)
        return patient_status(self.queue.patients, entry, API_LANGUAGE)

    async def notices(self, event_type: str, **data: Any) -> list[Envelope]:
        """The gate's notices in the outbox, once every notice it started has
        been written."""
        await self.gate.afterwards.settle()
        return self.queue.outbox(event_type, **data)

    async def sent_codes(self, **data: Any) -> list[str]:
        return [e.data["one_time_code"] for e in await self.notices(CODE_SENT, **data)]


def patient_side(clock: Clock | None = None, **settings: Any) -> PatientSide:
    """A memory queue and its patient gate; ``settings`` replace the
    harness's (``lookup_guesses_per_day=5``)."""
    chosen = replace(SETTINGS, **settings)
    queue = memory_queue(clock=clock, settings=chosen)
    limits = MemoryLookupLimits(
        LookupPolicy.from_settings(chosen),
        chosen.digest_key,
        seconds_of(queue.clock),
        chosen.rate_limit_keys,
    )
    gate = PatientGate(queue.patients, limits, Afterwards(queue.bus))
    return PatientSide(queue, gate, chosen)


def wrong_iin(right: str) -> str:
    """A valid IIN that is not ``right``."""
    while (other := random_iin()) == right:
        pass
    return other


async def spend_guesses(
    side: PatientSide, code: str, iin: str, count: int | None = None
) -> None:
    """Guess ``code``'s IIN wrong ``count`` times (its whole budget unless
    told), each refused."""
    for _ in range(count or side.settings.lookup_guesses_per_day):
        with pytest.raises((PatientNotFound, VerificationRequired)):
            await side.lookup(code, wrong_iin(iin))


def other_one_time_code(value: str) -> str:
    return f"{(int(value) + 1) % 1_000_000:06d}"
