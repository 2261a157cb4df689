"""A hospital's entries as its clerks find them, among the entries kept in
memory (records shaped like the Mongo documents), for service-layer tests."""

from __future__ import annotations

import copy
from typing import Any

from services.queue.waiting_list.adapters.entries import from_document
from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.service_layer.ports import FacilityEntries


class MemoryFacilityEntries(FacilityEntries):
    def __init__(self, records: dict[Any, Any]):
        self._records = records

    async def admitted(
        self, queue_ids: list[str], skip: int, limit: int
    ) -> list[QueueEntry]:
        wanted = set(queue_ids)
        found = sorted(
            (
                r
                for r in self._records.values()
                if r["queue_id"] in wanted and r["status"] == "admitted"
            ),
            key=lambda r: (r["admitted_at"], r["_id"]),
        )
        return [from_document(copy.deepcopy(r)) for r in found[skip : skip + limit]]

    async def of_patient(self, facility_id: str, iin_digest: str) -> list[QueueEntry]:
        found = [
            r
            for r in self._records.values()
            if r["iin_digest"] == iin_digest and r["facility_id"] == facility_id
        ]
        found.sort(key=lambda r: r["_id"])
        found.sort(key=lambda r: r["registered_at"], reverse=True)
        return [from_document(copy.deepcopy(r)) for r in found]
