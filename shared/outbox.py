"""The transactional outbox and its relay.

A service writes its change and its outgoing events in one transaction
(:class:`shared.unit_of_work.UnitOfWork` does it). The relay publishes what is
pending and marks it sent once the broker confirmed it. It is woken right after
a commit and also sweeps on a timer, so events left behind by a crash go out
after a restart.

Several replicas may run a relay over the same outbox. A relay first leases
the records it is about to publish (``lease_owner``/``lease_until``), so two
relays do not both publish the same record; a lease left by a relay that died
expires after ``lease_s`` and the record is published by whichever relay
sweeps next. Delivery stays at-least-once (a relay can die after the broker
confirmed and before the record is marked sent); consumers are idempotent.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import timedelta
from typing import Any

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from shared.background import stop_task, wait_or_timeout
from shared.clock import utc_now
from shared.contracts.envelope import Envelope, from_document, to_document
from shared.logging import get_logger
from shared.messaging.publisher import Publisher, PublishFailed
from shared.mongo import Document

log = get_logger(__name__)

OUTBOX = "outbox"
OUTBOX_INDEXES = [
    IndexModel([("published_at", ASCENDING), ("created_at", ASCENDING)]),
    IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0),
]
"""A record is pending while ``published_at`` is None; once published it is
kept until ``expires_at`` (the retention later) and then pruned by MongoDB's
TTL monitor, so the personal data an event carries (an IIN, a contact) does
not stay in the outbox."""
DEFAULT_RETENTION = timedelta(days=7)


async def add_to_outbox(
    db: AsyncDatabase[Document],
    session: AsyncClientSession,
    envelopes: list[Envelope],
) -> None:
    if not envelopes:
        return
    now = utc_now()
    await db[OUTBOX].insert_many(
        [
            {
                "_id": e.event_id,
                "envelope": to_document(e),
                "created_at": now,
                "seq": seq,
                "published_at": None,
            }
            for seq, e in enumerate(envelopes)
        ],
        session=session,
    )


class OutboxRelay:
    def __init__(
        self,
        db: AsyncDatabase[Document],
        publisher: Publisher,
        sweep_interval_s: float = 2.0,
        batch_size: int = 100,
        lease_s: float = 15.0,
        retention: timedelta = DEFAULT_RETENTION,
    ):
        self._db = db
        self._retention = retention
        self._publisher = publisher
        self._sweep_interval_s = sweep_interval_s
        self._batch_size = batch_size
        self._lease = timedelta(seconds=lease_s)
        self._owner = uuid.uuid4().hex
        self._wakeup = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        self._wakeup.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="outbox-relay")

    async def stop(self) -> None:
        await stop_task(self._task)
        self._task = None

    async def _run(self) -> None:
        while True:
            await wait_or_timeout(self._wakeup, self._sweep_interval_s)
            self._wakeup.clear()
            try:
                while await self.publish_pending() == self._batch_size:
                    pass
            except asyncio.CancelledError:
                if _being_cancelled():
                    raise
                log.warning("outbox_sweep_interrupted")  # e.g. a connection lost
            except Exception as exc:  # noqa: BLE001 - the relay must keep sweeping
                log.warning("outbox_sweep_failed", error=repr(exc))

    async def publish_pending(self) -> int:
        """Publish pending events in the order they were written; stop at the
        first one the broker did not confirm (it is retried next sweep)."""
        records = await self._lease_batch()
        published = 0
        for record in records:
            envelope = from_document(record["envelope"])
            try:
                await self._publisher.publish(envelope)
            except PublishFailed as exc:
                log.warning(
                    "outbox_publish_failed", event_id=envelope.event_id, error=str(exc)
                )
                await self._release(records[published:])
                break
            now = utc_now()
            await self._db[OUTBOX].update_one(
                {"_id": record["_id"]},
                {"$set": {"published_at": now, "expires_at": now + self._retention}},
            )
            published += 1
        return published

    async def _lease_batch(self) -> list[dict[str, Any]]:
        """Lease up to a batch of pending records no other relay holds."""
        now = utc_now()
        available = {
            "published_at": None,
            "$or": [
                {"lease_until": None},
                {"lease_until": {"$lt": now}},
                {"lease_owner": self._owner},
            ],
        }
        cursor = (
            self._db[OUTBOX]
            .find(available, {"_id": 1})
            .sort([("created_at", ASCENDING), ("seq", ASCENDING)])
            .limit(self._batch_size)
        )
        ids = [record["_id"] async for record in cursor]
        if not ids:
            return []
        await self._db[OUTBOX].update_many(
            {"_id": {"$in": ids}, **available},
            {"$set": {"lease_owner": self._owner, "lease_until": now + self._lease}},
        )
        leased = self._db[OUTBOX].find(
            {"_id": {"$in": ids}, "lease_owner": self._owner, "published_at": None}
        )
        return sorted(
            [record async for record in leased],
            key=lambda r: (r["created_at"], r.get("seq", 0)),
        )

    async def _release(self, records: list[dict[str, Any]]) -> None:
        with contextlib.suppress(Exception):
            await self._db[OUTBOX].update_many(
                {
                    "_id": {"$in": [r["_id"] for r in records]},
                    "lease_owner": self._owner,
                },
                {"$set": {"lease_until": None}},
            )

    async def pending_count(self) -> int:
        return await self._db[OUTBOX].count_documents({"published_at": None})


def _being_cancelled() -> bool:
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0
