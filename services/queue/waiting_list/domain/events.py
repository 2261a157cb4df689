"""What happened to a queue entry: one small frozen dataclass per transition.

Each names its integration event (``event_type``); the fields beyond the
common ones are that event's own data (see ``shared/contracts/events.py``).
``reason_code`` is a documented code and travels; ``note`` is what the person
typed and stays in the queue service (its notes, never an event or the log).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, ClassVar

from services.queue.waiting_list.domain.actors import Actor


@dataclass(frozen=True, kw_only=True)
class EntryChanged:
    event_type: ClassVar[str] = ""
    from_status: str | None
    to_status: str
    actor: Actor
    at: datetime
    reason_code: str | None = None
    note: str | None = None

    def details(self) -> dict[str, Any]:
        """The event's own fields (beyond what every queue event carries)."""
        common = {f.name for f in fields(EntryChanged)}
        return {
            f.name: getattr(self, f.name) for f in fields(self) if f.name not in common
        }

    @property
    def left_waiting(self) -> bool:
        return self.from_status == "waiting" and self.to_status != "waiting"

    @property
    def joined_waiting(self) -> bool:
        return self.from_status != "waiting" and self.to_status == "waiting"


@dataclass(frozen=True, kw_only=True)
class EntryPlaced(EntryChanged):
    event_type: ClassVar[str] = "queue.entry_placed"


@dataclass(frozen=True, kw_only=True)
class AdmissionScheduled(EntryChanged):
    event_type: ClassVar[str] = "queue.admission_scheduled"
    scheduled_date: date
    override_reason_code: str | None = None


@dataclass(frozen=True, kw_only=True)
class PatientAdmitted(EntryChanged):
    event_type: ClassVar[str] = "queue.patient_admitted"


@dataclass(frozen=True, kw_only=True)
class NoShow(EntryChanged):
    event_type: ClassVar[str] = "queue.no_show"
    returned_to_waiting: bool


@dataclass(frozen=True, kw_only=True)
class EntryRejected(EntryChanged):
    event_type: ClassVar[str] = "queue.entry_rejected"


@dataclass(frozen=True, kw_only=True)
class EntryCancelled(EntryChanged):
    event_type: ClassVar[str] = "queue.entry_cancelled"
    reinstatable_until: date | None = None


@dataclass(frozen=True, kw_only=True)
class EntryExpired(EntryChanged):
    event_type: ClassVar[str] = "queue.entry_expired"
    reinstatable_until: date


@dataclass(frozen=True, kw_only=True)
class EntryReinstated(EntryChanged):
    event_type: ClassVar[str] = "queue.entry_reinstated"
    valid_until: date


@dataclass(frozen=True, kw_only=True)
class EntryRenewed(EntryChanged):
    event_type: ClassVar[str] = "queue.entry_renewed"
    valid_until: date


@dataclass(frozen=True, kw_only=True)
class EntryMoved(EntryChanged):
    """Into another hospital's queue of the profile (the entry's facility
    now), from ``from_facility_id``'s."""

    event_type: ClassVar[str] = "queue.entry_moved"
    from_facility_id: str


@dataclass(frozen=True, kw_only=True)
class PatientDischarged(EntryChanged):
    event_type: ClassVar[str] = "queue.patient_discharged"


@dataclass(frozen=True, kw_only=True)
class EntryUpdated(EntryChanged):
    """The doctor's edit (``referral_version``) carried out: new tests."""

    event_type: ClassVar[str] = "queue.entry_updated"
    referral_version: int
    changed: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class EntryReordered(EntryUpdated):
    """A new priority; ``from_key`` (the order key before) is the writer's,
    not the event's."""

    event_type: ClassVar[str] = "queue.entry_reordered"
    priority: str
    from_key: int

    def details(self) -> dict[str, Any]:
        return {k: v for k, v in super().details().items() if k != "from_key"}
