"""Builders for the queue service's integration tests: referral events with
valid IINs, a clock the test moves, and patient lookups."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from aiohttp import web

from services.queue.settings import QueueSettings
from services.queue.waiting_list.entrypoints.keys import BUS, WAITING_LIST
from services.queue.waiting_list.service_layer.handlers import place_referral
from shared.contracts import Envelope, decode, encode, new_event
from shared.http.app import SETTINGS
from shared.iin import check_digit
from shared.runtime import PLATFORM

PSYCHIATRY = ("KZ-75-M01", "psychiatry")
START = datetime(2026, 11, 2, 6, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime = START):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def make_iin(rng: random.Random | None = None) -> str:
    rng = rng or random.Random()
    while True:
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 50))
        century = "3" if born.year < 2000 else "5"
        first = f"{born:%y%m%d}{century}{rng.randrange(10000):04d}"
        digit = check_digit(first)
        if digit is not None:
            return f"{first}{digit}"


def new_code() -> str:
    return f"KZ-75-{uuid.uuid4().hex[:10].upper()}"


def registered(
    *,
    registered_at: datetime,
    priority: str = "planned",
    queue: tuple[str, str] = PSYCHIATRY,
    valid_until: date | None = None,
    iin: str | None = None,
    code: str | None = None,
    referral_id: str | None = None,
    tests: list[dict[str, Any]] | None = None,
    version: int = 1,
) -> Envelope:
    facility_id, bed_profile = queue
    return new_event(
        "referral.registered",
        {
            "referral_id": referral_id or uuid.uuid4().hex,
            "hospitalization_code": code or new_code(),
            "version": version,
            "iin": iin or make_iin(),
            "referring_facility_id": "KZ-75-P01",
            "facility_id": facility_id,
            "bed_profile": bed_profile,
            "stay": "round_the_clock",
            "priority": priority,
            "registered_at": registered_at,
            "valid_until": valid_until or (registered_at.date() + timedelta(days=90)),
            "planned_date": None,
            "tests": tests or [],
            "contact": {"phone": "+77011234567", "language": "kk", "consent": True},
        },
        producer="referral",
    )


def delivered(envelope: Envelope) -> Envelope:
    """The envelope as a consumer receives it (encoded, then decoded)."""
    return decode(encode(envelope))


def cancelled(referral_id: str, code: str, version: int = 2) -> Envelope:
    return new_event(
        "referral.cancelled",
        {
            "referral_id": referral_id,
            "hospitalization_code": code,
            "version": version,
            "reason_code": "patient_request",
            "actor": "doctor:KZ-75-P01:dr-7",
        },
        producer="referral",
    )


class Placed:
    def __init__(self, envelope: Envelope, entry_id: str):
        data = envelope.data
        self.entry_id = entry_id
        self.code: str = data["hospitalization_code"]
        self.iin: str = data["iin"]
        self.referral_id: str = data["referral_id"]

    def lookup_body(self) -> dict[str, str]:
        return {"code": self.code, "iin": self.iin}


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
