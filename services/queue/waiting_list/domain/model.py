"""A queue entry and its state machine (the states and transitions are drawn
in ``status.py``; expiry, renewal and reinstatement are in ``lapsing.py``,
the doctor's edits in ``edits.py``).

Every transition bumps ``version`` and returns the event that records it.
An entry keeps its registration time for life, so returning to waiting
means returning to its original place; only a new priority (the doctor's
edit) changes the priority class of its order key, and a move to another
hospital's queue keeps priority and registration time and takes that
queue's next sequence number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from services.queue.waiting_list.domain import events
from services.queue.waiting_list.domain.actors import SYSTEM, Actor
from services.queue.waiting_list.domain.edits import Editable
from services.queue.waiting_list.domain.lapsing import (
    NOT_WAITING,
    SAME_FACILITY,
    undoable,
)
from services.queue.waiting_list.domain.ordering import epoch_ms, order_key, queue_id
from services.queue.waiting_list.domain.pre_admission import PreAdmissionTest
from services.queue.waiting_list.domain.status import (
    CANCELLABLE,
    SECOND_NO_SHOW,
    InvalidTransition,
    Status,
)


@dataclass
class QueueEntry(Editable):
    entry_id: str
    referral_id: str
    referral_version: int
    hospitalization_code: str
    iin: str
    iin_digest: str
    facility_id: str
    bed_profile: str
    referring_facility_id: str
    priority: str
    stay: str
    registered_at: datetime
    valid_until: date
    planned_date: date | None = None
    tests: tuple[PreAdmissionTest, ...] = ()
    seq: int = 0
    status: Status = Status.WAITING
    version: int = 0
    placed_at: datetime | None = None
    updated_at: datetime | None = None
    scheduled_date: date | None = None
    no_shows: int = 0
    admitted_at: datetime | None = None
    discharged_at: datetime | None = None
    closed_at: datetime | None = None
    reinstatable_until: date | None = None
    expiry_reminded: bool = False
    wait_told: str | None = None  # the guarantee's level told (guarantee.py)
    kind: str = "referral"  # or "emergency" (admitted directly, no referral)
    admitting_facility_id: str | None = None  # closed as admitted elsewhere
    edit_version: int = 0  # the referral version of the last edit taken

    @property
    def queue_id(self) -> str:
        return queue_id(self.facility_id, self.bed_profile)

    @property
    def order_key(self) -> int:
        return order_key(self.priority, epoch_ms(self.registered_at), self.seq)

    def place(self, seq: int, at: datetime) -> events.EntryPlaced:
        """Put a new entry at its place in the queue (``seq`` from the queue)."""
        if self.version != 0:
            raise InvalidTransition("place", self.status, "It is already placed.")
        self.seq = seq
        self.placed_at = at
        return self._become(events.EntryPlaced, Status.WAITING, SYSTEM, at)

    def move_to(
        self, facility_id: str, seq: int, actor: Actor, at: datetime, reason_code: str
    ) -> events.EntryMoved:
        """Into ``facility_id``'s queue of the profile, still waiting, the
        same entry and code; ``seq`` is the new queue's."""
        self._require("move", Status.WAITING, code=NOT_WAITING)
        if facility_id == self.facility_id:
            self._refuse("move", "It is in that queue already.", SAME_FACILITY)
        before, self.facility_id, self.seq = self.facility_id, facility_id, seq
        return self._become(
            events.EntryMoved,
            Status.WAITING,
            actor,
            at,
            reason_code,
            from_facility_id=before,
        )

    def schedule(
        self,
        on: date,
        actor: Actor,
        at: datetime,
        note: str | None = None,
        override_reason_code: str | None = None,
    ) -> events.AdmissionScheduled:
        self._require("schedule", Status.WAITING)
        return self._book(on, actor, at, None, note, override_reason_code)

    def reschedule(
        self,
        on: date,
        actor: Actor,
        at: datetime,
        reason_code: str,
        note: str | None = None,
        override_reason_code: str | None = None,
    ) -> events.AdmissionScheduled:
        self._require("reschedule", Status.SCHEDULED)
        return self._book(on, actor, at, reason_code, note, override_reason_code)

    def _book(
        self,
        on: date,
        actor: Actor,
        at: datetime,
        reason_code: str | None,
        note: str | None,
        override_reason_code: str | None,
    ) -> events.AdmissionScheduled:
        self.scheduled_date = on
        return self._become(
            events.AdmissionScheduled,
            Status.SCHEDULED,
            actor,
            at,
            reason_code,
            note,
            scheduled_date=on,
            override_reason_code=override_reason_code,
        )

    def admit(
        self, actor: Actor, at: datetime, note: str | None = None
    ) -> events.PatientAdmitted:
        self._require("admit", Status.SCHEDULED)
        self.admitted_at = at
        return self._become(
            events.PatientAdmitted, Status.ADMITTED, actor, at, None, note
        )

    def no_show(
        self, actor: Actor, at: datetime, note: str | None = None
    ) -> events.NoShow:
        """The first no-show returns the entry to its place; the second
        cancels it."""
        self._require("record a no-show for", Status.SCHEDULED)
        self.no_shows += 1
        self.scheduled_date = None
        back = self.no_shows == 1
        if not back:
            self.closed_at = at
        return self._become(
            events.NoShow,
            Status.WAITING if back else Status.CANCELLED,
            actor,
            at,
            None if back else SECOND_NO_SHOW,
            note,
            returned_to_waiting=back,
        )

    def reject(
        self, reason_code: str, actor: Actor, at: datetime, note: str | None = None
    ) -> events.EntryRejected:
        self._require("reject", Status.WAITING, Status.SCHEDULED)
        self.scheduled_date = None
        self.closed_at = at
        return self._become(
            events.EntryRejected, Status.REJECTED, actor, at, reason_code, note
        )

    def cancel(
        self,
        actor: Actor,
        at: datetime,
        reason_code: str,
        note: str | None = None,
        *,
        reinstatable_until: date | None = None,
    ) -> events.EntryCancelled:
        """Close the entry. The patient's own cancellation and an admission
        elsewhere can be undone until ``reinstatable_until`` (the window a
        closure made now leaves); the others never."""
        self._require("cancel", *CANCELLABLE)
        self.scheduled_date = None
        self.closed_at = at
        until = reinstatable_until if undoable(actor, reason_code) else None
        self.reinstatable_until = until
        return self._become(
            events.EntryCancelled,
            Status.CANCELLED,
            actor,
            at,
            reason_code,
            note,
            reinstatable_until=until,
        )

    def discharge(
        self, actor: Actor, at: datetime, note: str | None = None
    ) -> events.PatientDischarged:
        self._require("discharge", Status.ADMITTED)
        self.discharged_at = at
        self.closed_at = at
        return self._become(
            events.PatientDischarged, Status.DISCHARGED, actor, at, None, note
        )
