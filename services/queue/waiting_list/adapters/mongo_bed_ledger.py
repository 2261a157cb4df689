"""The bed ledger in MongoDB: per queue, the beds occupied; per queue and
day, the beds booked. Changed in the transaction of every transition that
takes or gives back a bed, so a pull that reads it inside its own
transaction (which also writes the queue's document) sees exact counts and
two pulls can never both give away the last bed.
"""

from __future__ import annotations

from datetime import date

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from services.queue.waiting_list.adapters.collections import BED_LEDGER
from services.queue.waiting_list.domain.beds import BedCounts, LedgerChange
from services.queue.waiting_list.service_layer.unit_of_work import BedLedger
from shared.mongo import Document


def _day_id(queue_id: str, day: date) -> str:
    return f"{queue_id}@{day.isoformat()}"


class MongoBedLedger(BedLedger):
    def __init__(self, db: AsyncDatabase[Document], session: AsyncClientSession | None):
        self._ledger = db[BED_LEDGER]
        self._session = session

    async def apply(self, queue_id: str, change: LedgerChange) -> None:
        if change.occupied:
            await self._ledger.update_one(
                {"_id": queue_id},
                {
                    "$inc": {"occupied": change.occupied},
                    "$setOnInsert": {"queue_id": queue_id},
                },
                upsert=True,
                session=self._session,
            )
        for day, delta in change.booked:
            await self._ledger.update_one(
                {"_id": _day_id(queue_id, day)},
                {
                    "$inc": {"booked": delta},
                    "$setOnInsert": {"queue_id": queue_id, "date": day.isoformat()},
                },
                upsert=True,
                session=self._session,
            )

    async def counts(self, queue_id: str, day: date) -> BedCounts:
        found = {
            doc["_id"]: doc
            async for doc in self._ledger.find(
                {"_id": {"$in": [queue_id, _day_id(queue_id, day)]}},
                session=self._session,
            )
        }
        return BedCounts(
            occupied=found.get(queue_id, {}).get("occupied", 0),
            booked=found.get(_day_id(queue_id, day), {}).get("booked", 0),
        )
