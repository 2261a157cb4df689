"""Queue entries in memory (records shaped like the Mongo documents, by
entry id), for service-layer tests."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from typing import Any

from services.queue.waiting_list.adapters.entries import (
    MOVES_KEPT,
    from_document,
    mutable_fields,
    relocated_fields,
    to_document,
)
from services.queue.waiting_list.domain.beds import BedHold, hold_of
from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.domain.movement import Departure, Movement
from services.queue.waiting_list.service_layer.unit_of_work import (
    ConcurrentChange,
    Entries,
)


class MemoryEntries(Entries):
    def __init__(self, records: dict[Any, Any]):
        self._records = records

    async def get(self, entry_id: str) -> QueueEntry | None:
        record = self._records.get(entry_id)
        return from_document(copy.deepcopy(record)) if record else None

    async def by_code(self, code: str) -> QueueEntry | None:
        return self._first(lambda r: r["hospitalization_code"] == code)

    async def by_referral(self, referral_id: str) -> QueueEntry | None:
        return self._first(lambda r: r["referral_id"] == referral_id)

    async def by_referrals(self, referral_ids: list[str]) -> list[QueueEntry]:
        wanted = set(referral_ids)
        return self._all(lambda r: r["referral_id"] in wanted)

    async def mark_reminded(self, entry: QueueEntry) -> None:
        stored = self._records.get(entry.entry_id)
        if stored is not None and stored["version"] == entry.version:
            stored["expiry_reminded"] = True

    async def mark_wait_told(self, entry: QueueEntry, level: str) -> None:
        stored = self._records.get(entry.entry_id)
        if stored is not None and stored["version"] == entry.version:
            stored["wait_told"] = level

    async def admitted_in(self, queue_id: str, iin_digest: str) -> str | None:
        for entry_id, r in self._records.items():
            if (r["iin_digest"], r["queue_id"], r["status"]) == (
                iin_digest,
                queue_id,
                "admitted",
            ):
                return str(entry_id)
        return None

    async def open_of_patient(
        self, iin_digest: str, bed_profile: str, statuses: list[str]
    ) -> dict[str, str]:
        return {
            entry_id: r["status"]
            for entry_id, r in self._records.items()
            if r["iin_digest"] == iin_digest
            and r["bed_profile"] == bed_profile
            and r["status"] in statuses
        }

    async def by_seqs(self, queue_id: str, seqs: list[int]) -> list[QueueEntry]:
        by_seq = {
            r["seq"]: r for r in self._records.values() if r["queue_id"] == queue_id
        }
        return [from_document(copy.deepcopy(by_seq[s])) for s in seqs if s in by_seq]

    async def scheduled_on(self, queue_id: str, day: date) -> list[QueueEntry]:
        found = self._all(
            lambda r: (
                (r["queue_id"], r["status"], r["scheduled_date"])
                == (queue_id, "scheduled", day.isoformat())
            )
        )
        return sorted(found, key=lambda entry: entry.order_key)

    async def reminder_due(self, first: date, last: date) -> list[str]:
        return [
            str(entry_id)
            for entry_id, r in self._records.items()
            if r["status"] == "waiting"
            and first.isoformat() <= r["valid_until"] <= last.isoformat()
            and r.get("expiry_reminded") is False
        ]

    async def lapsed(self, today: date) -> list[str]:
        return [
            str(entry_id)
            for entry_id, r in self._records.items()
            if r["status"] == "waiting" and r["valid_until"] < today.isoformat()
        ]

    async def add(self, entry: QueueEntry, log_n: int, move: Movement | None) -> None:
        if entry.entry_id in self._records:
            raise ValueError(f"entry {entry.entry_id} is stored already")
        moves = [move.encode()] if move else []
        self._records[entry.entry_id] = {
            **to_document(entry),
            "log_n": log_n,
            "last_move": move.encode() if move else None,
            "moves": moves,
        }

    async def save(
        self, entry: QueueEntry, log_n: int, move: Movement | None
    ) -> BedHold:
        stored = self._records.get(entry.entry_id)
        if stored is None or stored["version"] != entry.version - 1:
            raise ConcurrentChange(entry.entry_id)
        day = stored.get("scheduled_date")
        before = hold_of(stored["status"], date.fromisoformat(day) if day else None)
        stored.update(mutable_fields(to_document(entry)), log_n=log_n)
        if move is not None:
            stored["last_move"] = move.encode()
            stored["moves"] = [*stored["moves"], move.encode()][-MOVES_KEPT:]
        return before

    async def relocate(
        self, entry: QueueEntry, log_n: int, arrival: Movement, departure: Departure
    ) -> None:
        stored = self._records.get(entry.entry_id)
        if stored is None or stored["version"] != entry.version - 1:
            raise ConcurrentChange(entry.entry_id)
        moves_there = stored["moves"]
        stored.update(relocated_fields(entry, log_n, arrival, departure, moves_there))

    def _all(self, wanted: Callable[[dict[str, Any]], bool]) -> list[QueueEntry]:
        return [
            from_document(copy.deepcopy(record))
            for record in self._records.values()
            if wanted(record)
        ]

    def _first(self, wanted: Callable[[dict[str, Any]], bool]) -> QueueEntry | None:
        for record in self._records.values():
            if wanted(record):
                return from_document(copy.deepcopy(record))
        return None
