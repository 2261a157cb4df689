"""What an admissions clerk orders: a pull, an emergency admission, and the
transitions of one entry of their own hospital (``facility_id`` is the
clerk's: another hospital's entry is not found)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.commands import EntryCommand


@dataclass(frozen=True, kw_only=True)
class Reschedule(EntryCommand):
    on: date
    reason_code: str
    note: str | None = None
    override_reason_code: str | None = None


@dataclass(frozen=True, kw_only=True)
class Admit(EntryCommand):
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class RecordNoShow(EntryCommand):
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Reject(EntryCommand):
    reason_code: str
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Discharge(EntryCommand):
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class PullAdmissions:
    facility_id: str
    bed_profile: str
    on: date
    count: int
    actor: Actor
    override_reason_code: str | None = None
    note: str | None = None
    idempotency_key: str | None = None


@dataclass(frozen=True, kw_only=True)
class RegisterEmergency:
    facility_id: str
    bed_profile: str
    iin: str
    diagnosis: str
    actor: Actor
    idempotency_key: str | None = None
    full_name: str | None = None
    """Shown to this hospital's clerks only."""
