"""Ports beside the unit of work's first ones (``unit_of_work.py``): what a
hospital's clerks look up among their own hospital's entries, the
patients' names they read beside them, and the emergency admissions' own
records. Each question is answered from an
index, never by reading every entry."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime

from services.queue.waiting_list.domain.model import QueueEntry


class FacilityEntries(ABC):
    """A hospital's entries, as its clerks find them."""

    @abstractmethod
    async def admitted(
        self, queue_ids: list[str], skip: int, limit: int
    ) -> list[QueueEntry]:
        """The entries in a bed now (admitted, not discharged) in these
        queues, the earliest admitted first (then by id): ``limit`` of them
        after the first ``skip``."""

    @abstractmethod
    async def of_patient(self, facility_id: str, iin_digest: str) -> list[QueueEntry]:
        """The patient's entries at this hospital, in any status, the most
        recently registered first."""


class PatientNames(ABC):
    """The patients' full names, by referral id, apart from the entries:
    what builds an event, a queue log record or the patient's page reads
    the entry and so can never carry the name. A name may come before its
    referral is placed, or after; the greatest referral version's is kept."""

    @abstractmethod
    async def keep(self, referral_id: str, version: int, full_name: str) -> bool:
        """Keep the name unless one of the same or a later version is kept;
        True if this one is now kept."""

    @abstractmethod
    async def of_referrals(self, referral_ids: list[str]) -> dict[str, str]:
        """The kept names of these referrals (those that have one)."""


@dataclass(frozen=True)
class EmergencyAdmission:
    """The record of an emergency admission: the only place its diagnosis
    is kept (never in an event or the queue log)."""

    admission_id: str
    queue_id: str
    facility_id: str
    bed_profile: str
    diagnosis: str
    admitted_at: datetime
    actor: str
    closed_entry_ids: list[str]


class EmergencyAdmissions(ABC):
    @abstractmethod
    async def add(self, admission: EmergencyAdmission) -> None: ...

    @abstractmethod
    async def get(self, admission_id: str) -> EmergencyAdmission | None: ...
