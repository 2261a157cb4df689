"""What one transaction of the queue service may use (:class:`QueueChange`):
the bed ledger, the notes beside the queue log, the tombstones of referrals
cancelled before they were placed, and the answers kept for a hospital's
``Idempotency-Key``. The Mongo adapters are built in
``adapters/mongo_queue_change.py``, the memory ones in
``adapters/memory_queue.py``."""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import date
from typing import Any

from services.queue.waiting_list.domain.beds import BedCounts, LedgerChange
from services.queue.waiting_list.domain.events import EntryChanged
from shared.idempotency import Answers
from shared.unit_of_work import Change


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
    async def of_entry(self, entry_id: str) -> list[dict[str, Any]]:
        """An entry's notes, oldest first, as the clerk's answer shows them
        (``at`` in ISO 8601, ``actor``, ``note``)."""


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
        bed_ledger: BedLedger,
        notes: Notes,
        tombstones: Tombstones,
        answers: Answers,
    ) -> None:
        super().__init__()
        self.bed_ledger = bed_ledger
        self.notes = notes
        self.tombstones = tombstones
        self.answers = answers
