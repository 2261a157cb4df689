"""An entry's validity and the closures that can be undone: expiry after the
referral lapses, renewal before it does, and reinstatement at the original
place within the window a closure left (``reinstatable_until``).

A closure leaves a window when it is one the referring doctor may undo: the
referral's expiry, the patient's own cancellation, an emergency admission
elsewhere. A hospital's rejection, an admission, a discharge, a doctor's own
cancellation and a second no-show leave none: each is somebody's decision
(or the end of the stay), and undoing it is a new referral.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, NoReturn, TypeVar

from services.queue.waiting_list.domain import events
from services.queue.waiting_list.domain.actors import SYSTEM, Actor
from services.queue.waiting_list.domain.status import (
    ADMITTED_ELSEWHERE,
    IN_QUEUE,
    REFERRAL_EXPIRED,
    REINSTATABLE,
    InvalidTransition,
    Status,
)

E = TypeVar("E", bound=events.EntryChanged)
NOT_REINSTATABLE = "not_reinstatable"
WINDOW_PASSED = "reinstatement_window_passed"
VALIDITY_IN_PAST = "validity_in_past"
NOT_ACTIVE = "not_active"
VALIDITY_NOT_LATER = "validity_not_later"
NOT_WAITING = "not_waiting"
SAME_FACILITY = "same_facility"
"""Why a doctor's request is refused (the contract's REQUEST_REFUSALS)."""


def window_end(today: date, reinstate_days: int) -> date:
    """The last day a closure made ``today`` can be undone."""
    return today + timedelta(days=reinstate_days)


def undoable(actor: Actor, reason_code: str) -> bool:
    """A cancellation the referring doctor may undo: the patient's own, or
    an emergency admission elsewhere."""
    return actor.role == "patient" or reason_code == ADMITTED_ELSEWHERE


class Lapsing:
    """What a queue entry does about its validity, and how every transition
    of it is made (``_become``); the entry's fields are ``model.QueueEntry``'s."""

    status: Status
    version: int
    updated_at: datetime | None
    valid_until: date
    reinstatable_until: date | None
    closed_at: datetime | None
    expiry_reminded: bool
    wait_told: str | None
    admitting_facility_id: str | None

    def expire(
        self, at: datetime, today: date, reinstate_days: int, actor: Actor = SYSTEM
    ) -> events.EntryExpired:
        self._require("expire", Status.WAITING)
        until = window_end(today, reinstate_days)
        self.reinstatable_until = until
        self.closed_at = at
        return self._become(
            events.EntryExpired,
            Status.EXPIRED,
            actor,
            at,
            REFERRAL_EXPIRED,
            reinstatable_until=until,
        )

    def reinstate(
        self,
        valid_until: date,
        actor: Actor,
        at: datetime,
        today: date,
        note: str | None = None,
        reason_code: str | None = None,
    ) -> events.EntryReinstated:
        """Back to waiting at the original place, with a renewed validity."""
        self._require("reinstate", *REINSTATABLE, code=NOT_REINSTATABLE)
        if self.reinstatable_until is None:
            self._refuse(
                "reinstate",
                "Only an expiry, the patient's own cancellation or an admission "
                "elsewhere can be undone.",
                NOT_REINSTATABLE,
            )
        elif today > self.reinstatable_until:
            self._refuse(
                "reinstate", "The reinstatement window has passed.", WINDOW_PASSED
            )
        if valid_until <= today:
            self._refuse(
                "reinstate", "The new validity must be in the future.", VALIDITY_IN_PAST
            )
        self.valid_until = valid_until
        self.reinstatable_until = None
        self.closed_at = None
        self.admitting_facility_id = None
        self.expiry_reminded = False
        return self._become(
            events.EntryReinstated,
            Status.WAITING,
            actor,
            at,
            reason_code,
            note,
            valid_until=valid_until,
        )

    def renew(
        self,
        valid_until: date,
        reason_code: str,
        actor: Actor,
        at: datetime,
        note: str | None = None,
    ) -> events.EntryRenewed:
        """A later validity for an entry still in the queue; its expiry
        reminder is due again before the new date."""
        self._require("renew", *IN_QUEUE, code=NOT_ACTIVE)
        current = self.valid_until
        if valid_until <= current:
            self._refuse(
                "renew",
                f"The new validity must be later than {current}.",
                VALIDITY_NOT_LATER,
            )
        self.valid_until = valid_until
        self.expiry_reminded = False
        return self._become(
            events.EntryRenewed,
            self.status,
            actor,
            at,
            reason_code,
            note,
            valid_until=valid_until,
        )

    def _refuse(self, action: str, detail: str, code: str) -> NoReturn:
        raise InvalidTransition(action, self.status, detail, code)

    def _require(self, action: str, *allowed: Status, code: str | None = None) -> None:
        if self.status not in allowed:
            raise InvalidTransition(action, self.status, code=code)

    def _become(
        self,
        kind: type[E],
        to_status: Status,
        actor: Actor,
        at: datetime,
        reason_code: str | None = None,
        note: str | None = None,
        **details: Any,
    ) -> E:
        """Make the transition: the next version, and its event."""
        from_status = self.status if self.version else None
        if to_status is not Status.WAITING:
            self.wait_told = None  # told again if it returns (or is reinstated)
        self.status = to_status
        self.version += 1
        self.updated_at = at
        return kind(
            from_status=from_status.value if from_status else None,
            to_status=to_status.value,
            actor=actor,
            at=at,
            reason_code=reason_code,
            note=note,
            **details,
        )
