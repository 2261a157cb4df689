"""What a referral's doctor may ask of the queue after registration, and when.

- **Reinstatement**: an expired referral, or one closed by the patient's own
  cancellation or by an emergency admission elsewhere, comes back at its
  original place in the queue with a new validity, until the last day the
  queue gave with the closure (``reinstatable_until``). A rejection, an
  admission, a doctor's own cancellation and a second no-show cannot be
  undone: each was somebody's decision, and the patient needs a new referral.
- **Renewal**: a waiting or scheduled referral's validity moves later (never
  earlier).
- **Move**: a waiting referral goes to the same bed profile's queue at
  another hospital, keeping its registration time (so its place among the
  new queue's entries is where that time puts it); its validity stays. A
  scheduled one has a bed booked at its hospital and is not moved.

Either new validity lies at most REFERRAL_VALIDITY_DAYS from today, as at
registration.

The queue carries a request out (``queue.entry_reinstated``,
``queue.entry_renewed``, ``queue.entry_moved``) or refuses it
(``queue.request_refused``); until then it is the referral's ``pending``
request, and only one at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from services.referral.domain.status import Status

REINSTATEMENT = "reinstatement"
RENEWAL = "renewal"
MOVE = "move"
REINSTATED = "reinstated"
RENEWED = "renewed"
MOVED = "moved"
SETTLED_BY = {REINSTATED: REINSTATEMENT, RENEWED: RENEWAL, MOVED: MOVE}
"""The queue's outcome (a history step's action) that carries out each kind."""
RENEWABLE = frozenset({Status.WAITING, Status.SCHEDULED})
MOVABLE = frozenset({Status.WAITING})
REINSTATABLE = frozenset({Status.EXPIRED, Status.CANCELLED})


@dataclass(frozen=True)
class PendingRequest:
    """A request the queue has not answered yet; ``version`` is the
    referral's version that carried it (the refusal names it)."""

    kind: str
    version: int
    requested_at: datetime
    valid_until: date
    reason_code: str
    to_facility_id: str | None = None
    """A move's receiving hospital."""


@dataclass(frozen=True)
class Request:
    """What the doctor asks: the new validity, why (a documented code) and
    their own words (kept with the referral, never sent)."""

    valid_until: date
    reason_code: str
    note: str | None
    actor: str
    at: datetime


class RequestPending(Exception):
    def __init__(self, pending: PendingRequest):
        asked = f"{pending.requested_at:%Y-%m-%d %H:%M}"
        if pending.kind == REINSTATEMENT:
            words = (
                f"A reinstatement asked at {asked} UTC is still with the queue; "
                "its outcome comes in the history shortly."
            )
        elif pending.kind == MOVE:
            words = (
                f"A move asked at {asked} UTC is still with the queue; its "
                "outcome comes in the history shortly."
            )
        else:
            words = (
                f"A renewal asked at {asked} UTC is still with the queue; its "
                "outcome comes in the history shortly."
            )
        super().__init__(words)
        self.pending = pending


class NotReinstatable(Exception):
    def __init__(self, status: Status):
        words = (
            "This closure cannot be undone (the doctor's own cancellation or a "
            "second no-show); register a new referral if the patient still "
            "needs one."
            if status in REINSTATABLE
            else "Only an expired referral, or one closed by the patient's own "
            "cancellation or by an emergency admission elsewhere, can be "
            f"reinstated; this one is {status}."
        )
        super().__init__(words)
        self.status = status


class ReinstatementWindowPassed(Exception):
    def __init__(self, until: date):
        super().__init__(
            f"It could be reinstated until {until}; register a new referral if "
            "the patient still needs one."
        )
        self.until = until


class NotRenewable(Exception):
    def __init__(self, status: Status):
        words = (
            "Only a waiting or scheduled referral can be renewed; this one is "
            f"{status}: reinstate it instead."
            if status in REINSTATABLE
            else "Only a waiting or scheduled referral can be renewed; this one "
            f"is {status}."
        )
        super().__init__(words)
        self.status = status


class NotMovable(Exception):
    def __init__(self, status: Status):
        words = (
            "Only a waiting referral can be moved to another hospital; this one "
            "is scheduled: its admission is booked at its hospital."
            if status == Status.SCHEDULED
            else "Only a waiting referral can be moved to another hospital; this "
            f"one is {status}."
        )
        super().__init__(words)
        self.status = status
