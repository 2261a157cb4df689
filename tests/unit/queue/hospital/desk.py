"""An admissions desk on the memory queue: the commands the hospital's views
send (the clerk's hospital and actor filled in, as from the token), and what
the desk and the patients read back."""

from __future__ import annotations

import copy
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from services.queue.hospital.domain.commands import (
    Admit,
    PullAdmissions,
    RegisterEmergency,
)
from services.queue.hospital.service_layer.admissions_list import admissions_list
from services.queue.hospital.service_layer.bed_board import bed_board
from services.queue.hospital.service_layer.inpatients import inpatients
from services.queue.hospital.service_layer.patient_search import find_patient
from services.queue.hospital.service_layer.views import entry_answer
from services.queue.patients.domain.commands import CancelByPatient
from services.queue.patients.service_layer.views import patient_status, verify_patient
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.domain.status import InvalidTransition
from shared.http.languages import API_LANGUAGE
from shared.idempotency import Answer
from tests.queue_builders import HOSPITAL, START, Placed
from tests.unit.queue.memory_queue import MemoryQueue

PROFILE = "psychiatry"


@dataclass(frozen=True)
class Desk:
    """One hospital's admissions desk (a clerk of ``facility``)."""

    q: MemoryQueue
    facility: str = HOSPITAL
    subject: str = "clerk-1"

    @property
    def actor(self) -> Actor:
        return Actor("hospital", f"{self.facility}:{self.subject}")

    def other(self, facility: str, subject: str = "clerk-2") -> Desk:
        return Desk(self.q, facility, subject)

    async def pulled(
        self, on: date, count: int, profile: str = PROFILE, **options: Any
    ) -> Answer:
        return await self.q.handle(
            PullAdmissions(
                facility_id=self.facility,
                bed_profile=profile,
                on=on,
                count=count,
                actor=self.actor,
                **options,
            )
        )

    async def pull(self, on: date, count: int, **options: Any) -> dict[str, Any]:
        """The pull's answer (what POST /v1/admissions/pull answers)."""
        return (await self.pulled(on, count, **options)).body

    async def admitted(
        self,
        iin: str,
        diagnosis: str = "F20.0",
        profile: str = PROFILE,
        **options: Any,
    ) -> Answer:
        return await self.q.handle(
            RegisterEmergency(
                facility_id=self.facility,
                bed_profile=profile,
                iin=iin,
                diagnosis=diagnosis,
                actor=self.actor,
                **options,
            )
        )

    async def emergency(self, iin: str, diagnosis: str = "F20.0") -> dict[str, Any]:
        """The emergency admission's answer (POST /v1/emergency-admissions)."""
        return (await self.admitted(iin, diagnosis)).body

    async def act(self, command: type, entry_id: str, **fields: Any) -> QueueEntry:
        """One transition of an entry, as the entry action views send it."""
        return await self.q.handle(
            command(
                entry_id=entry_id, facility_id=self.facility, actor=self.actor, **fields
            )
        )

    async def answer(self, entry: QueueEntry) -> dict[str, Any]:
        """What the entry action views answer for ``entry``."""
        return await entry_answer(self.q.hospital, entry)

    async def list(
        self, on: date, *, page: int = 1, page_size: int = 50, head: int = 10
    ) -> dict[str, Any]:
        """The admissions list of a day (GET /v1/admissions)."""
        return await admissions_list(
            self.q.hospital,
            self.facility,
            PROFILE,
            on,
            page=page,
            page_size=page_size,
            head_size=head,
        )

    async def beds_on(self, on: date) -> dict[str, int]:
        return (await self.list(on))["beds"]

    async def inpatients(
        self, profile: str | None = None, *, page: int = 1, page_size: int = 50
    ) -> dict[str, Any]:
        """Who is in a bed now (GET /v1/inpatients)."""
        return await inpatients(
            self.q.hospital, self.facility, profile, page=page, page_size=page_size
        )

    def board(self, days: int = 3) -> dict[str, Any]:
        """The bed board (GET /v1/bed-board)."""
        return bed_board(self.q.hospital, self.facility, days)

    async def search(self, **asked: str) -> list[dict[str, Any]]:
        """The entries found by code and/or IIN (POST /v1/entries/search)."""
        found = await find_patient(self.q.hospital, self.facility, **asked)
        return found["entries"]

    async def admit_next(self, count: int = 1) -> list[str]:
        """Pull the next ``count`` for today and admit them: their entry ids."""
        pulled = await self.pull(today(self.q), count)
        admitted = [row["entry_id"] for row in pulled["scheduled"]]
        for entry_id in admitted:
            await self.act(Admit, entry_id)
        return admitted


def today(q: MemoryQueue) -> date:
    return q.waiting_list.calendar.today()


async def line_of(q: MemoryQueue, count: int, **kwargs: Any) -> list[Placed]:
    """``count`` referrals placed a minute apart, in queue order."""
    return [
        await q.place(registered_at=START + timedelta(minutes=i), **kwargs)
        for i in range(count)
    ]


def positions(q: MemoryQueue, placed: list[Placed]) -> list[int | None]:
    return [q.book.position(q.book.get(p.code)) for p in placed]


def lookup(q: MemoryQueue, placed: Placed) -> dict[str, Any]:
    """What the patient's lookup answers."""
    entry = verify_patient(q.patients, placed.code, placed.iin)
    assert entry is not None
    return patient_status(q.patients, entry, API_LANGUAGE)


def last_event(q: MemoryQueue, event_type: str, entry_id: str) -> dict[str, Any]:
    found = q.outbox(event_type, entry_id=entry_id)
    assert found, f"no {event_type} for {entry_id}"
    return found[-1].data


async def cancelled_by_patient(q: MemoryQueue, placed: Placed, reason: str) -> None:
    """The patient leaves the queue (POST /v1/queue/cancel)."""
    await q.handle(
        CancelByPatient(code=placed.code, iin=placed.iin, reason_code=reason)
    )


async def refused(q: MemoryQueue, change: Awaitable[Any], status: str) -> None:
    """``change`` is refused as impossible for an entry that is ``status``,
    and changes nothing."""
    before = copy.deepcopy(q.entries()), len(q.store.outbox)
    with pytest.raises(InvalidTransition) as refusal:
        await change
    assert refusal.value.status == status
    assert (q.entries(), len(q.store.outbox)) == before
