"""The unit of work on MongoDB: a multi-document transaction holds the
change's writes, its events (in the outbox collection) and, for a consumer,
the id of the event it handled (the idempotent consumer)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

from pymongo import ASCENDING, AsyncMongoClient, IndexModel
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from shared.clock import utc_now
from shared.messaging.consumer import AlreadyProcessed
from shared.mongo import Document, in_transaction
from shared.outbox import (
    DEFAULT_RETENTION,
    OUTBOX,
    OUTBOX_INDEXES,
    OutboxRelay,
    add_to_outbox,
)
from shared.unit_of_work import Change, ChangeT, UnitOfWork

T = TypeVar("T")
T_Change = TypeVar("T_Change", bound=Change)

PROCESSED_EVENTS = "processed_events"
PLATFORM_INDEXES: dict[str, list[IndexModel]] = {
    OUTBOX: OUTBOX_INDEXES,
    PROCESSED_EVENTS: [IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0)],
}
"""A handled event's id is kept for the retention (``expires_at``), long
enough for any redelivery or dead-letter replay; then MongoDB prunes it."""

Begin = Callable[[AsyncDatabase[Document], AsyncClientSession | None], ChangeT]
"""Builds a service's change with its Mongo repositories bound to the
transaction's session (``None``: reads outside a transaction)."""


class MongoChange(Change):
    """A change that hands the raw session to Mongo adapters (for code that
    has no repositories of its own yet)."""

    def __init__(
        self, db: AsyncDatabase[Document], session: AsyncClientSession | None
    ) -> None:
        super().__init__()
        self.db = db
        self._session = session

    @property
    def session(self) -> AsyncClientSession:
        if self._session is None:
            raise RuntimeError("a reader has no transaction")
        return self._session


class MongoUnitOfWork(UnitOfWork[ChangeT]):
    def __init__(
        self,
        client: AsyncMongoClient[Document],
        db: AsyncDatabase[Document],
        begin: Begin[ChangeT],
        relay: OutboxRelay | None = None,
        retention: timedelta = DEFAULT_RETENTION,
        *,
        timeout_s: float,
    ):
        self.client = client
        self.db = db
        self.begin = begin
        self.relay = relay
        self.retention = retention
        self.timeout_s = timeout_s

    def with_change(self, begin: Begin[T_Change]) -> MongoUnitOfWork[T_Change]:
        """The same store, relay and limits with another service's change."""
        return MongoUnitOfWork(
            self.client,
            self.db,
            begin,
            self.relay,
            self.retention,
            timeout_s=self.timeout_s,
        )

    async def run(
        self,
        work: Callable[[ChangeT], Awaitable[T]],
        *,
        handled_event_id: str | None = None,
    ) -> T:
        """As the port says, within ``timeout_s`` retries included (else a
        timeout: the store is unavailable)."""

        async def attempt(session: AsyncClientSession) -> T:
            change = self.begin(self.db, session)
            if handled_event_id is not None:
                await self._record_handled(handled_event_id, session)
            result = await work(change)
            await add_to_outbox(self.db, session, change.events)
            return result

        result = await in_transaction(self.client, attempt, self.timeout_s)
        if self.relay is not None:
            self.relay.wake()
        return result

    def reader(self) -> ChangeT:
        return self.begin(self.db, None)

    async def _record_handled(self, event_id: str, session: AsyncClientSession) -> None:
        try:
            now = utc_now()
            await self.db[PROCESSED_EVENTS].insert_one(
                {"_id": event_id, "at": now, "expires_at": now + self.retention},
                session=session,
            )
        except DuplicateKeyError as exc:
            raise AlreadyProcessed(event_id) from exc
