"""The Hospitalization Bureau's dependencies, built once by bootstrap, and the
one way to change queue entries: ``run_change``."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, TypeVar

from pymongo.asynchronous.database import AsyncDatabase

from services.queue.settings import QueueSettings
from services.queue.waiting_list.service_layer.book import LiveBook
from shared.iin import IinDigester
from shared.mongo import Document
from shared.mongo_unit_of_work import MongoChange, MongoUnitOfWork
from shared.reference.registry import Registry

if TYPE_CHECKING:
    from services.queue.waiting_list.service_layer.writer import QueueWriter

T = TypeVar("T")


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Bureau:
    settings: QueueSettings
    db: AsyncDatabase[Document]
    uow: MongoUnitOfWork[MongoChange]
    book: LiveBook
    registry: Registry
    clock: Callable[[], datetime] = field(default=utc_now)
    _hospital_cards: dict[str, dict[str, str] | None] = field(
        default_factory=dict, repr=False
    )
    _today: tuple[float, float, date] | None = field(default=None, repr=False)
    digester: IinDigester = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.digester = IinDigester(self.settings.digest_key)

    def now(self) -> datetime:
        moment = self.clock()
        return moment.replace(microsecond=moment.microsecond // 1000 * 1000)

    def today(self) -> date:
        """The local date, kept until the local midnight that ends it (the
        real clock is read as a float: this runs on every lookup)."""
        now_s = time.time() if self.clock is utc_now else self.clock().timestamp()
        kept = self._today
        if kept is None or not kept[0] <= now_s < kept[1]:
            kept = self._today = self.book.day_bounds(now_s)
        return kept[2]

    def hospital_card(self, facility_id: str) -> dict[str, str] | None:
        """How a patient reaches the hospital: name, address, phone."""
        if facility_id not in self._hospital_cards:
            facility = self.registry.get(facility_id)
            self._hospital_cards[facility_id] = (
                {
                    "name": facility.name,
                    "address": facility.address,
                    "phone": facility.phone,
                }
                if facility is not None
                else None
            )
        return self._hospital_cards[facility_id]


async def run_change(
    bureau: Bureau,
    work: Callable[[QueueWriter], Awaitable[T]],
    *,
    handled_event_id: str | None = None,
) -> T:
    """Run ``work`` with a :class:`QueueWriter` in one transaction (the
    change, its log records, milestones and outgoing events commit together),
    then apply what committed to this replica's book at once."""
    from services.queue.waiting_list.service_layer.writer import QueueWriter

    last: list[QueueWriter] = []

    async def attempt(tx: MongoChange) -> T:
        writer = QueueWriter(tx, bureau)
        last[:] = [writer]
        result = await work(writer)
        await writer.finish()
        return result

    result = await bureau.uow.run(attempt, handled_event_id=handled_event_id)
    last[0].apply_to(bureau.book)
    return result
