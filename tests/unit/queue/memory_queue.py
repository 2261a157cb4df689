"""The whole queue service's service layer on the memory unit of work (no
database, no broker): the three rooms wired as bootstrap wires them, the
message bus every entrypoint calls, and what the tests look into (stored
entries, the outbox, the queue log)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.queue.bootstrap import (
    hospital_of,
    message_bus,
    patients_of,
    waiting_list_of,
)
from services.queue.guarantee.service_layer.dependencies import (
    Guarantees,
    guarantees_of,
)
from services.queue.hospital.service_layer.dependencies import Hospital
from services.queue.messagebus import MessageBus
from services.queue.patients.service_layer.dependencies import Patients
from services.queue.settings import QueueSettings
from services.queue.waiting_list.adapters.collections import ENTRIES, QUEUE_LOG
from services.queue.waiting_list.adapters.memory_queue import memory_queue_change
from services.queue.waiting_list.service_layer.book import LiveBook
from services.queue.waiting_list.service_layer.dependencies import WaitingList
from services.queue.waiting_list.service_layer.handlers import place_referral
from services.queue.waiting_list.service_layer.unit_of_work import QueueChange
from shared.contracts import Envelope
from shared.memory_unit_of_work import MemoryStore, MemoryUnitOfWork
from shared.reference.registry import Registry
from tests.queue_builders import Clock, Placed, delivered, registered, small_registry

SETTINGS = QueueSettings.from_env({"KEZEK_ENV": "development"})


@dataclass
class MemoryQueue:
    """One queue service's service layer, its store in memory."""

    uow: MemoryUnitOfWork[QueueChange]
    waiting_list: WaitingList
    patients: Patients
    hospital: Hospital
    bus: MessageBus
    clock: Clock
    guarantees: Guarantees

    @property
    def store(self) -> MemoryStore:
        return self.uow.store

    @property
    def book(self) -> LiveBook:
        return self.waiting_list.book

    async def handle(self, command: object) -> Any:
        """Carry out a command, as the entrypoints do."""
        return await self.bus.handle(command)

    async def place(self, **kwargs: Any) -> Placed:
        """Place a referral as the consumer does; the placed entry's ids."""
        kwargs.setdefault("registered_at", self.clock())
        envelope = delivered(registered(**kwargs))
        await place_referral(envelope, self.waiting_list)
        referral_id = envelope.data["referral_id"]
        [entry_id] = [
            key
            for key, record in self.entries().items()
            if record["referral_id"] == referral_id
        ]
        return Placed(envelope, entry_id)

    def entries(self) -> dict[str, dict[str, Any]]:
        """The stored entries (records shaped like the Mongo documents)."""
        return self.store.collection(ENTRIES)

    def outbox(self, event_type: str | None = None, **data: Any) -> list[Envelope]:
        """Events committed to the outbox, oldest first, optionally filtered."""
        return [
            envelope
            for envelope in self.store.outbox
            if event_type in (None, envelope.event_type)
            and all(envelope.data.get(k) == v for k, v in data.items())
        ]

    def log_records(self, **match: Any) -> list[dict[str, Any]]:
        """The queue log's records (of every queue, each in order)."""
        logged = self.store.collection(QUEUE_LOG).values()
        in_order = sorted(logged, key=lambda doc: (doc["queue_id"], doc["n"]))
        records = [doc["record"] for doc in in_order]
        return [r for r in records if all(r.get(k) == v for k, v in match.items())]


def memory_queue(
    clock: Clock | None = None,
    registry: Registry | None = None,
    settings: QueueSettings = SETTINGS,
) -> MemoryQueue:
    clock = clock or Clock()
    registry = registry or small_registry()
    uow = MemoryUnitOfWork(memory_queue_change)
    book = LiveBook(settings.timezone, settings.movement_history)
    waiting_list = waiting_list_of(settings, uow, book, clock)
    guarantees = guarantees_of(waiting_list, registry, settings)
    patients = patients_of(waiting_list, registry, guarantees)
    hospital = hospital_of(waiting_list, registry)
    bus = message_bus(waiting_list, patients, hospital, guarantees)
    return MemoryQueue(uow, waiting_list, patients, hospital, bus, clock, guarantees)
