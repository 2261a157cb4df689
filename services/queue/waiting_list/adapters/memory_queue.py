"""The queue service's repositories in memory (collections of a
:class:`shared.memory_unit_of_work.MemoryStore`, records as plain dicts
shaped like the Mongo documents), for service-layer tests."""

from __future__ import annotations

import copy
from dataclasses import asdict
from datetime import date
from typing import Any

from services.queue.waiting_list.adapters.collections import (
    BED_LEDGER,
    EMERGENCY_ADMISSIONS,
    ENTRIES,
    HOSPITAL_ANSWERS,
    MILESTONES,
    NOTES,
    PATIENT_NAMES,
    QUEUE_LOG,
    QUEUES,
    TOMBSTONES,
)
from services.queue.waiting_list.adapters.memory_entries import MemoryEntries
from services.queue.waiting_list.adapters.memory_facility_entries import (
    MemoryFacilityEntries,
)
from services.queue.waiting_list.adapters.memory_queue_log import (
    MemoryMilestones,
    MemoryQueueLog,
)
from services.queue.waiting_list.adapters.notes import note_document, shown
from services.queue.waiting_list.domain.beds import BedCounts, LedgerChange
from services.queue.waiting_list.domain.events import EntryChanged
from services.queue.waiting_list.service_layer.ports import (
    EmergencyAdmission,
    EmergencyAdmissions,
    PatientNames,
)
from services.queue.waiting_list.service_layer.unit_of_work import (
    BedLedger,
    Notes,
    QueueChange,
    Tombstones,
)
from shared.memory_idempotency import MemoryAnswers
from shared.memory_unit_of_work import MemoryStore


class MemoryBedLedger(BedLedger):
    """Beds occupied by queue id, beds booked by (queue id, day)."""

    def __init__(self, records: dict[Any, Any]):
        self._records = records

    async def apply(self, queue_id: str, change: LedgerChange) -> None:
        if change.occupied:
            self._add(queue_id, change.occupied)
        for day, delta in change.booked:
            self._add((queue_id, day), delta)

    async def counts(self, queue_id: str, day: date) -> BedCounts:
        return BedCounts(
            self._records.get(queue_id, 0), self._records.get((queue_id, day), 0)
        )

    def _add(self, key: Any, delta: int) -> None:
        self._records[key] = self._records.get(key, 0) + delta


class MemoryNotes(Notes):
    def __init__(self, records: dict[Any, Any]):
        self._records = records

    async def keep(
        self, queue_id: str, n: int, entry_id: str, change: EntryChanged
    ) -> None:
        document = note_document(queue_id, n, entry_id, change)
        self._records[document["_id"]] = document

    async def of_log_records(self, queue_id: str, numbers: list[int]) -> dict[int, str]:
        wanted = set(numbers)
        return {
            note["n"]: note["note"]
            for note in self._records.values()
            if note["queue_id"] == queue_id and note["n"] in wanted
        }

    async def of_entry(self, entry_id: str, queue_id: str) -> list[dict[str, Any]]:
        kept = sorted(
            (
                note
                for note in self._records.values()
                if (note["entry_id"], note["queue_id"]) == (entry_id, queue_id)
            ),
            key=lambda note: note["n"],
        )
        return [shown(note) for note in kept]


class MemoryEmergencyAdmissions(EmergencyAdmissions):
    def __init__(self, records: dict[Any, Any]):
        self._records = records

    async def add(self, admission: EmergencyAdmission) -> None:
        self._records[admission.admission_id] = asdict(admission)

    async def get(self, admission_id: str) -> EmergencyAdmission | None:
        record = self._records.get(admission_id)
        return None if record is None else EmergencyAdmission(**copy.deepcopy(record))


class MemoryTombstones(Tombstones):
    def __init__(self, records: dict[Any, Any]):
        self._records = records

    async def version(self, referral_id: str) -> int | None:
        return self._records.get(referral_id)

    async def remember(self, referral_id: str, version: int) -> None:
        known = self._records.get(referral_id)
        self._records[referral_id] = version if known is None else max(known, version)


class MemoryPatientNames(PatientNames):
    def __init__(self, records: dict[Any, Any]):
        self._records = records

    async def keep(self, referral_id: str, version: int, full_name: str) -> bool:
        kept = self._records.get(referral_id)
        if kept is not None and kept["version"] >= version:
            return False
        self._records[referral_id] = {"version": version, "full_name": full_name}
        return True

    async def of_referrals(self, referral_ids: list[str]) -> dict[str, str]:
        found = (self._records.get(i) for i in referral_ids)
        pairs = zip(referral_ids, found, strict=True)
        return {i: kept["full_name"] for i, kept in pairs if kept is not None}


def memory_queue_change(store: MemoryStore) -> QueueChange:
    return QueueChange(
        MemoryEntries(store.collection(ENTRIES)),
        MemoryQueueLog(store.collection(QUEUES), store.collection(QUEUE_LOG)),
        MemoryMilestones(store.collection(MILESTONES)),
        MemoryBedLedger(store.collection(BED_LEDGER)),
        MemoryNotes(store.collection(NOTES)),
        MemoryTombstones(store.collection(TOMBSTONES)),
        MemoryEmergencyAdmissions(store.collection(EMERGENCY_ADMISSIONS)),
        MemoryAnswers(store.collection(HOSPITAL_ANSWERS)),
        MemoryFacilityEntries(store.collection(ENTRIES)),
        MemoryPatientNames(store.collection(PATIENT_NAMES)),
    )
