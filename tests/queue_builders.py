"""Builders for the queue service's tests in every layer: a registry with
few beds, referral events with valid IINs as the queue receives them, the
placed entry's identifiers, and a clock the test moves."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from services.queue.hospital.domain.commands import Admit, Discharge
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.commands import Schedule
from shared import hospitalization_code
from shared.contracts import Envelope, decode, encode, new_event
from shared.reference.registry import Registry, default_registry
from tests.factories import random_iin

HOSPITAL = "KZ-75-M01"
QUEUE = "KZ-75-M01:psychiatry"
ELSEWHERE = "KZ-71-M01"
NARCOLOGY_ONLY = "KZ-75-N01"
BEDS = {(HOSPITAL, "psychiatry"): 6, (ELSEWHERE, "psychiatry"): 4}


def small_registry(beds: dict[tuple[str, str], int] = BEDS) -> Registry:
    registry = default_registry()
    facilities = dict(registry.facilities)
    for (facility_id, profile), count in beds.items():
        facility = facilities[facility_id]
        profiles = dict(facility.bed_profiles)
        profiles[profile] = replace(profiles[profile], beds=count)
        facilities[facility_id] = replace(
            facility, bed_profiles=MappingProxyType(profiles)
        )
    return replace(registry, facilities=MappingProxyType(facilities))


PSYCHIATRY = ("KZ-75-M01", "psychiatry")
START = datetime(2026, 11, 2, 6, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves (UTC)."""

    def __init__(self, now: datetime = START):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def new_code() -> str:
    return hospitalization_code.new_code("75")


def typed_loosely(code: str) -> str:
    """A code as people type it: lower case, no hyphens, O for 0, I for 1."""
    return code.replace("-", "").lower().replace("0", "o").replace("1", "i")


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
            "iin": iin or random_iin(),
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


def patient_named(referral_id: str, full_name: str, version: int = 1) -> Envelope:
    return new_event(
        "referral.patient_named",
        {"referral_id": referral_id, "version": version, "full_name": full_name},
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


async def admitted_earlier(
    place: Callable[..., Awaitable[Placed]],
    handle: Callable[[object], Awaitable[Any]],
    clock: Clock,
    count: int,
    days_ago: int = 1,
) -> None:
    """Give the queue a pace: ``count`` patients placed, scheduled, admitted
    and discharged (their beds free again) ``days_ago`` days before the
    clock's now, which it then keeps again; a queue's estimates need such
    admissions (ESTIMATE_MIN_ADMISSIONS)."""
    now, clerk = clock.now, Actor("hospital", "clerk-earlier")
    clock.now = now - timedelta(days=days_ago)
    on = clock.now.astimezone(ZoneInfo("Asia/Almaty")).date()
    try:
        for _ in range(count):
            placed = await place(registered_at=clock.now)
            await handle(Schedule(entry_id=placed.entry_id, actor=clerk, on=on))
            await handle(Admit(entry_id=placed.entry_id, actor=clerk))
            await handle(Discharge(entry_id=placed.entry_id, actor=clerk))
    finally:
        clock.now = now


def doctors_request(
    placed: Placed,
    event_type: str,
    *,
    version: int,
    valid_until: date,
    reason_code: str,
    facility: str = "KZ-75-P01",
) -> Envelope:
    """A doctor's reinstatement or renewal request as the referral service
    publishes it (``version``: the referral's version that carries it)."""
    return new_event(
        event_type,
        {
            "referral_id": placed.referral_id,
            "hospitalization_code": placed.code,
            "version": version,
            "referring_facility_id": facility,
            "facility_id": HOSPITAL,
            "valid_until": valid_until,
            "reason_code": reason_code,
            "actor": "doctor:dr-aliya",
        },
        producer="referral",
    )


def edited(
    placed: Placed,
    *,
    version: int,
    tests: list[dict[str, Any]] | None = None,
    priority: str = "planned",
    reason_code: str | None = None,
    changed: tuple[str, ...] = ("tests",),
    facility: str = "KZ-75-P01",
) -> Envelope:
    """A doctor's edit as the referral service publishes it
    (``referral.updated``): the tests and priority as they now are."""
    return new_event(
        "referral.updated",
        {
            "referral_id": placed.referral_id,
            "hospitalization_code": placed.code,
            "version": version,
            "referring_facility_id": facility,
            "facility_id": HOSPITAL,
            "changed": list(changed),
            "tests": tests or [],
            "priority": priority,
            "reason_code": reason_code,
            "actor": "doctor:dr-aliya",
        },
        producer="referral",
    )
