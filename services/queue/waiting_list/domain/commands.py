"""Orders the waiting list carries out (from jobs, and the base of every
command that names an entry).

Commands naming an entry may carry ``facility_id``: the entry must belong to
that hospital, else it is treated as not found (a hospital sees only its own).
A ``reason_code`` is from a documented list and travels in the event; a
``note`` is what the person typed and stays in the queue service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.queue.waiting_list.domain.actors import SYSTEM, Actor


@dataclass(frozen=True, kw_only=True)
class EntryCommand:
    entry_id: str
    actor: Actor
    facility_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class Schedule(EntryCommand):
    on: date
    note: str | None = None
    override_reason_code: str | None = None


@dataclass(frozen=True, kw_only=True)
class Cancel(EntryCommand):
    reason_code: str
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Expire(EntryCommand):
    actor: Actor = SYSTEM


@dataclass(frozen=True, kw_only=True)
class Reinstate(EntryCommand):
    valid_until: date
    note: str | None = None
    reason_code: str | None = None


@dataclass(frozen=True, kw_only=True)
class Renew(EntryCommand):
    valid_until: date
    reason_code: str
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class RemindExpiry:
    entry_id: str
