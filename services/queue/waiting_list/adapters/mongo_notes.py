"""What clerks and patients typed about a change, kept beside the queue log.

The hash-chained log holds the reason code only: a note may hold a phone
number or a diagnosis, and an append-only record could never be erased. A
note is keyed like the log record it explains (``<queue_id>#<n>``), never
leaves the queue service, and can be deleted without breaking the chain.
Admins read notes beside the log; clerks read their own hospital's.
"""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from services.queue.waiting_list.adapters.collections import NOTES
from services.queue.waiting_list.adapters.notes import note_document, shown
from services.queue.waiting_list.domain.events import EntryChanged
from services.queue.waiting_list.service_layer.unit_of_work import Notes
from shared.mongo import Document


class MongoNotes(Notes):
    def __init__(self, db: AsyncDatabase[Document], session: AsyncClientSession | None):
        self._notes = db[NOTES]
        self._session = session

    async def keep(
        self, queue_id: str, n: int, entry_id: str, change: EntryChanged
    ) -> None:
        await self._notes.insert_one(
            note_document(queue_id, n, entry_id, change), session=self._session
        )

    async def of_log_records(self, queue_id: str, numbers: list[int]) -> dict[int, str]:
        if not numbers:
            return {}
        cursor = self._notes.find(
            {"queue_id": queue_id, "n": {"$in": numbers}},
            {"_id": 0, "n": 1, "note": 1},
            session=self._session,
        )
        return {doc["n"]: doc["note"] async for doc in cursor}

    async def of_entry(self, entry_id: str, queue_id: str) -> list[dict[str, Any]]:
        """By the (entry, n) index; an entry's notes are few."""
        cursor = self._notes.find({"entry_id": entry_id}, session=self._session)
        cursor = cursor.sort("n", ASCENDING)
        return [shown(doc) async for doc in cursor if doc["queue_id"] == queue_id]
