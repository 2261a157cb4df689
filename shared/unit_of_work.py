"""One transaction for a change, its outgoing events and, for a consumer, the
id of the event it handled (the idempotent consumer)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from pymongo import ASCENDING, AsyncMongoClient, IndexModel
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from shared.contracts.envelope import Envelope
from shared.messaging.consumer import AlreadyProcessed
from shared.mongo import Document, in_transaction
from shared.outbox import (
    DEFAULT_RETENTION,
    OUTBOX,
    OUTBOX_INDEXES,
    OutboxRelay,
    add_to_outbox,
)

T = TypeVar("T")

PROCESSED_EVENTS = "processed_events"
PLATFORM_INDEXES: dict[str, list[IndexModel]] = {
    OUTBOX: OUTBOX_INDEXES,
    PROCESSED_EVENTS: [IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0)],
}
"""A handled event's id is kept for the retention (``expires_at``), long
enough for any redelivery or dead-letter replay; then MongoDB prunes it."""


@dataclass
class Transaction:
    session: AsyncClientSession
    db: AsyncDatabase[Document]
    events: list[Envelope] = field(default_factory=list)

    def emit(self, envelope: Envelope) -> None:
        self.events.append(envelope)


class UnitOfWork:
    def __init__(
        self,
        client: AsyncMongoClient[Document],
        db: AsyncDatabase[Document],
        relay: OutboxRelay | None = None,
        retention: timedelta = DEFAULT_RETENTION,
        *,
        timeout_s: float,
    ):
        self.client = client
        self.db = db
        self.relay = relay
        self.retention = retention
        self.timeout_s = timeout_s

    async def run(
        self,
        work: Callable[[Transaction], Awaitable[T]],
        *,
        handled_event_id: str | None = None,
    ) -> T:
        """Run ``work`` and commit its events atomically, within
        ``timeout_s`` retries included (else a timeout: the store is
        unavailable). With
        ``handled_event_id``, raise :class:`AlreadyProcessed` if that event
        was handled before (its id is recorded in the same transaction)."""

        async def attempt(session: AsyncClientSession) -> T:
            tx = Transaction(session=session, db=self.db)
            if handled_event_id is not None:
                await self._record_handled(handled_event_id, session)
            result = await work(tx)
            await add_to_outbox(self.db, session, tx.events)
            return result

        result = await in_transaction(self.client, attempt, self.timeout_s)
        if self.relay is not None:
            self.relay.wake()
        return result

    async def _record_handled(self, event_id: str, session: AsyncClientSession) -> None:
        try:
            now = datetime.now(UTC)
            await self.db[PROCESSED_EVENTS].insert_one(
                {"_id": event_id, "at": now, "expires_at": now + self.retention},
                session=session,
            )
        except DuplicateKeyError as exc:
            raise AlreadyProcessed(event_id) from exc
