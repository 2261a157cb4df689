"""The queue service's integration tests look into a running replica: its
store, its book, its clock, and the events its transactions committed (the
builders of every layer are in tests/queue_builders.py)."""

from __future__ import annotations

from datetime import date, datetime
from functools import partial
from typing import Any, cast

from aiohttp import web

from services.queue.settings import QueueSettings
from services.queue.waiting_list.entrypoints.keys import BUS, WAITING_LIST
from services.queue.waiting_list.service_layer.handlers import place_referral
from shared.http.app import SETTINGS
from shared.runtime import PLATFORM
from tests.queue_builders import (
    PSYCHIATRY,
    Clock,
    Placed,
    admitted_earlier,
    delivered,
    registered,
)


class Replica:
    """One running queue service, as the tests look into it."""

    def __init__(self, app: web.Application):
        self.app = app
        self.waiting_list = app[WAITING_LIST]
        self.db = app[PLATFORM].db
        self.book = self.waiting_list.book
        self.settings = cast(QueueSettings, app[SETTINGS])

    def clock(self) -> datetime:
        return self.waiting_list.calendar.clock()

    def today(self) -> date:
        return self.waiting_list.calendar.today()


async def handle(command: object, replica: Replica) -> Any:
    """Carry out a command on the replica, as its entrypoints do."""
    return await replica.app[BUS].handle(command)


async def place(bureau: Replica, **kwargs: Any) -> Placed:
    """Deliver a referral.registered to the service's handler, as the
    consumer does, and return the placed entry's identifiers."""
    kwargs.setdefault("registered_at", bureau.clock())
    envelope = delivered(registered(**kwargs))
    await place_referral(envelope, bureau.waiting_list)
    doc = await bureau.db.queue_entries.find_one(
        {"referral_id": envelope.data["referral_id"]}, {"_id": 1}
    )
    return Placed(envelope, doc["_id"])


async def with_pace(
    bureau: Replica, count: int = 10, queue: tuple[str, str] = PSYCHIATRY
) -> None:
    """Give one of the replica's queues the admissions its estimates need."""
    clock = cast(Clock, bureau.waiting_list.calendar.clock)

    async def carried_out(command: object) -> Any:
        return await handle(command, bureau)

    await admitted_earlier(
        partial(place, bureau, queue=queue), carried_out, clock, count
    )


async def outbox_events(
    bureau: Replica, event_type: str | None = None, **data: Any
) -> list[dict[str, Any]]:
    """Events committed to the outbox, oldest first, optionally filtered."""
    found = []
    async for doc in bureau.db.outbox.find().sort("created_at", 1):
        envelope = doc["envelope"]
        if event_type and envelope["event_type"] != event_type:
            continue
        if all(envelope["data"].get(k) == v for k, v in data.items()):
            found.append(envelope)
    return found


def positions(bureau: Replica, placed: list[Placed]) -> list[int | None]:
    return [bureau.book.position(bureau.book.get(p.code)) for p in placed]
