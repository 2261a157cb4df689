"""What one transaction of the queue service may use (:class:`QueueChange`):
the queue entries, each queue's hash-chained log and counters, the
milestones patients were told of, the bed ledger, the notes beside the queue
log, the tombstones of referrals cancelled before they were placed, the
answers kept for a hospital's ``Idempotency-Key``, the clerks' look-ups and
the patients' names (``ports.py``). The Mongo adapters are built in
``adapters/mongo_queue_change.py``, the memory ones in
``adapters/memory_queue.py``."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from services.queue.waiting_list.domain.beds import BedCounts, BedHold, LedgerChange
from services.queue.waiting_list.domain.events import EntryChanged
from services.queue.waiting_list.domain.log_chain import Verification
from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.domain.movement import Departure, Movement
from services.queue.waiting_list.service_layer.ports import (
    EmergencyAdmissions,
    FacilityEntries,
    PatientNames,
)
from shared.idempotency import Answers
from shared.unit_of_work import Change


class ConcurrentChange(Exception):
    """The entry changed under us (its version moved); retry the command."""


class Entries(ABC):
    """The queue entries, read and written inside the transaction."""

    @abstractmethod
    async def get(self, entry_id: str) -> QueueEntry | None: ...

    @abstractmethod
    async def by_code(self, code: str) -> QueueEntry | None: ...

    @abstractmethod
    async def by_referral(self, referral_id: str) -> QueueEntry | None: ...

    @abstractmethod
    async def by_referrals(self, referral_ids: list[str]) -> list[QueueEntry]:
        """The entries of these referrals (those in the queue), in one read."""

    @abstractmethod
    async def mark_reminded(self, entry: QueueEntry) -> None:
        """Record that the entry's expiry reminder went out, if the stored
        entry is still at ``entry.version`` (which stays)."""

    @abstractmethod
    async def mark_wait_told(self, entry: QueueEntry, level: str) -> None:
        """Record the guarantee's ``level`` told, as ``mark_reminded``."""

    @abstractmethod
    async def admitted_in(self, queue_id: str, iin_digest: str) -> str | None:
        """The id of the patient's entry admitted in this queue, if any."""

    @abstractmethod
    async def open_of_patient(
        self, iin_digest: str, bed_profile: str, statuses: list[str]
    ) -> dict[str, str]:
        """The patient's entries of this bed profile (at any hospital) in
        these statuses: each one's status by its id."""

    @abstractmethod
    async def by_seqs(self, queue_id: str, seqs: list[int]) -> list[QueueEntry]:
        """The queue's entries with these sequence numbers, in their order."""

    @abstractmethod
    async def scheduled_on(self, queue_id: str, day: date) -> list[QueueEntry]:
        """The queue's entries scheduled for ``day``, in queue order."""

    @abstractmethod
    async def reminder_due(self, first: date, last: date) -> list[str]:
        """The ids of waiting entries lapsing from ``first`` to ``last``
        (both included) whose reminder has not gone out."""

    @abstractmethod
    async def lapsed(self, today: date) -> list[str]:
        """The ids of waiting entries valid only until before ``today``."""

    @abstractmethod
    async def add(self, entry: QueueEntry, log_n: int, move: Movement | None) -> None:
        """Store a new entry, changed last by log record ``log_n`` (its
        last move, and its only one, is ``move``)."""

    @abstractmethod
    async def save(
        self, entry: QueueEntry, log_n: int, move: Movement | None
    ) -> BedHold:
        """Store the entry's new state (``move`` joins its last moves) if the
        stored one is still at the version before ``entry.version``, else
        ConcurrentChange; returns the bed the stored one held."""

    @abstractmethod
    async def relocate(
        self, entry: QueueEntry, log_n: int, arrival: Movement, departure: Departure
    ) -> None:
        """``save`` for an entry moved into another queue: its last moves
        start again at ``arrival``; ``departure`` is kept for every book."""


@dataclass(frozen=True)
class QueueHead:
    """A queue's counters: its changes logged (``n``), the entries numbered
    (``seq``) and the hash of its last log record."""

    n: int
    seq: int
    head_hash: str


@dataclass(frozen=True)
class LoggedRecord:
    n: int
    prev_hash: str
    hash: str
    record: dict[str, Any]


class QueueLog(ABC):
    """Each queue's counters and its append-only, hash-chained log."""

    @abstractmethod
    async def acquire(self, queue_id: str, now: datetime) -> QueueHead:
        """Reserve the queue's next change number (``n`` counts it; a new
        queue starts with seq 0 and the genesis hash). Writing the queue's
        counters serialises every transaction that changes this queue."""

    @abstractmethod
    async def release(self, queue_id: str, *, n: int, seq: int, head_hash: str) -> None:
        """Store the counters the transaction leaves the queue with."""

    @abstractmethod
    async def append(
        self, queue_id: str, n: int, prev_hash: str, record: Mapping[str, Any]
    ) -> str:
        """Append record ``n`` chained to ``prev_hash``; returns its hash."""

    @abstractmethod
    async def head(self, queue_id: str) -> QueueHead | None:
        """The queue's counters, None for a queue never changed."""

    @abstractmethod
    async def records(
        self, queue_id: str, after: int, limit: int
    ) -> list[LoggedRecord]:
        """At most ``limit`` records after record ``after``, in order."""

    @abstractmethod
    async def verify(
        self, queue_id: str, head_hash: str | None, length: int
    ) -> Verification:
        """Walk the whole chain in order and check every link."""


class Milestones(ABC):
    """The milestone positions each entry reached (each told once)."""

    @abstractmethod
    async def claim(self, entry_id: str, milestone: int, now: datetime) -> bool:
        """Record that the entry reached ``milestone``; False if it had."""


class BedLedger(ABC):
    """Per queue, the beds occupied; per queue and day, the beds booked."""

    @abstractmethod
    async def apply(self, queue_id: str, change: LedgerChange) -> None:
        """Add the change's beds occupied and booked per day to the queue's."""

    @abstractmethod
    async def counts(self, queue_id: str, day: date) -> BedCounts:
        """The beds occupied now and booked for ``day`` (0 if none)."""


class Notes(ABC):
    """What clerks and patients typed about a change, beside its log record."""

    @abstractmethod
    async def keep(
        self, queue_id: str, n: int, entry_id: str, change: EntryChanged
    ) -> None:
        """Keep the note of the change logged as record ``n`` of the queue."""

    @abstractmethod
    async def of_log_records(self, queue_id: str, numbers: list[int]) -> dict[int, str]:
        """The notes of these log records of a queue, by record number."""

    @abstractmethod
    async def of_entry(self, entry_id: str, queue_id: str) -> list[dict[str, Any]]:
        """An entry's notes kept in ``queue_id`` (not those of a queue it
        moved from), oldest first, as the clerk's answer shows them (``at``
        in ISO 8601, ``actor``, ``note``)."""


class Tombstones(ABC):
    """Referrals cancelled before the queue placed them."""

    @abstractmethod
    async def version(self, referral_id: str) -> int | None:
        """The greatest cancelled version of the referral, if any."""

    @abstractmethod
    async def remember(self, referral_id: str, version: int) -> None:
        """Remember the cancellation (the greatest version is kept)."""


class QueueChange(Change):
    def __init__(
        self,
        entries: Entries,
        queue_log: QueueLog,
        milestones: Milestones,
        bed_ledger: BedLedger,
        notes: Notes,
        tombstones: Tombstones,
        emergency_admissions: EmergencyAdmissions,
        answers: Answers,
        facility_entries: FacilityEntries,
        patient_names: PatientNames,
    ) -> None:
        super().__init__()
        self.entries = entries
        self.queue_log = queue_log
        self.milestones = milestones
        self.bed_ledger = bed_ledger
        self.notes = notes
        self.tombstones = tombstones
        self.emergency_admissions = emergency_admissions
        self.answers = answers
        self.facility_entries = facility_entries
        self.patient_names = patient_names
