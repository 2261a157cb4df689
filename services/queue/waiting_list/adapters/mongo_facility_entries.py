"""A hospital's entries as its clerks find them, in MongoDB: the ones in a
bed through the (status, queue, admitted at) index, a patient's through the
(IIN digest, facility) one. The filters keep the indexes' field order: the
embedded SecantusDB uses an index only when the filter's fields are its
leading ones (equalities, then at most one ``$in`` or range)."""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from services.queue.waiting_list.adapters.collections import ENTRIES
from services.queue.waiting_list.adapters.entries import from_document
from services.queue.waiting_list.adapters.mongo_entries import WITHOUT_MOVES
from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.service_layer.ports import FacilityEntries
from shared.mongo import Document

EARLIEST_ADMITTED = [("admitted_at", ASCENDING), ("_id", ASCENDING)]
NEWEST_FIRST = [("registered_at", DESCENDING), ("_id", ASCENDING)]


def in_beds(queue_ids: list[str]) -> dict[str, Any]:
    return {"status": "admitted", "queue_id": {"$in": queue_ids}}


def patient_at(facility_id: str, iin_digest: str) -> dict[str, Any]:
    return {"iin_digest": iin_digest, "facility_id": facility_id}


class MongoFacilityEntries(FacilityEntries):
    def __init__(self, db: AsyncDatabase[Document], session: AsyncClientSession | None):
        self._entries = db[ENTRIES]
        self._session = session

    async def admitted(
        self, queue_ids: list[str], skip: int, limit: int
    ) -> list[QueueEntry]:
        found = self._entries.find(
            in_beds(queue_ids), WITHOUT_MOVES, session=self._session
        )
        cursor = found.sort(EARLIEST_ADMITTED).skip(skip).limit(limit)
        return [from_document(doc) async for doc in cursor]

    async def of_patient(self, facility_id: str, iin_digest: str) -> list[QueueEntry]:
        found = self._entries.find(
            patient_at(facility_id, iin_digest), WITHOUT_MOVES, session=self._session
        )
        return [from_document(doc) async for doc in found.sort(NEWEST_FIRST)]
