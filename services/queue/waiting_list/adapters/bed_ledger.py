"""The bed ledger in MongoDB: per queue, the beds occupied; per queue and
day, the beds booked. Changed in the transaction of every transition that
takes or gives back a bed, so a pull that reads it inside its own
transaction (which also writes the queue's document) sees exact counts and
two pulls can never both give away the last bed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from services.queue.waiting_list.adapters.collections import BED_LEDGER
from services.queue.waiting_list.domain.beds import LedgerChange
from shared.mongo import Document


@dataclass(frozen=True)
class BedCounts:
    occupied: int
    booked: int


def _day_id(queue_id: str, day: date) -> str:
    return f"{queue_id}@{day.isoformat()}"


async def apply(
    db: AsyncDatabase[Document],
    session: AsyncClientSession,
    queue_id: str,
    change: LedgerChange,
) -> None:
    ledger = db[BED_LEDGER]
    if change.occupied:
        await ledger.update_one(
            {"_id": queue_id},
            {
                "$inc": {"occupied": change.occupied},
                "$setOnInsert": {"queue_id": queue_id},
            },
            upsert=True,
            session=session,
        )
    for day, delta in change.booked:
        await ledger.update_one(
            {"_id": _day_id(queue_id, day)},
            {
                "$inc": {"booked": delta},
                "$setOnInsert": {"queue_id": queue_id, "date": day.isoformat()},
            },
            upsert=True,
            session=session,
        )


async def counts(
    db: AsyncDatabase[Document],
    queue_id: str,
    day: date,
    session: AsyncClientSession | None = None,
) -> BedCounts:
    """The beds occupied now and booked for ``day``."""
    found = {
        doc["_id"]: doc
        async for doc in db[BED_LEDGER].find(
            {"_id": {"$in": [queue_id, _day_id(queue_id, day)]}}, session=session
        )
    }
    return BedCounts(
        occupied=found.get(queue_id, {}).get("occupied", 0),
        booked=found.get(_day_id(queue_id, day), {}).get("booked", 0),
    )
