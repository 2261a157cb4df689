"""The unit-of-work port every service's service layer works through.

A service defines its :class:`Change`: the repositories one transaction
may use (each an abstract port of the service), plus :meth:`Change.emit`
for the events the transaction publishes. A :class:`UnitOfWork` runs a
piece of work against a fresh change and commits the repositories' writes,
the emitted events (to the outbox) and, for a consumer, the id of the event
it handled, together or not at all.

Two adapters implement it: :mod:`shared.mongo_unit_of_work` (MongoDB
transactions, the outbox collection) and :mod:`shared.memory_unit_of_work`
(in memory, for fast tests of the service layer).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from shared.contracts.envelope import Envelope

T = TypeVar("T")


class Change:
    """What one transaction does beyond its repositories' writes: the events
    it emits. A service subclasses it to name its repositories."""

    def __init__(self) -> None:
        self.events: list[Envelope] = []

    def emit(self, envelope: Envelope) -> None:
        self.events.append(envelope)


ChangeT = TypeVar("ChangeT", bound=Change)


class UnitOfWork(ABC, Generic[ChangeT]):
    @abstractmethod
    async def run(
        self,
        work: Callable[[ChangeT], Awaitable[T]],
        *,
        handled_event_id: str | None = None,
    ) -> T:
        """Run ``work`` with a fresh change in one transaction and commit
        its writes and emitted events atomically; if ``work`` raises,
        nothing it did is kept. ``work`` may be run more than once (a
        transient store error retries it), so it must only act through the
        change. With ``handled_event_id``, raise
        :class:`shared.messaging.consumer.AlreadyProcessed` if that event was
        handled before (its id is recorded in the same transaction)."""

    @abstractmethod
    def reader(self) -> ChangeT:
        """The repositories outside any transaction: for queries (behind an
        HTTP view) and for a write of one document that is atomic on its
        own (the dispatcher's claim of a delivery, sealing one secret).
        Events emitted through it go nowhere, and several writes through it
        do not commit together: a change of more goes through :meth:`run`."""
