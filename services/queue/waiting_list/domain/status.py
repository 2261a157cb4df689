"""The states of a queue entry and the transitions between them.

waiting --schedule--> scheduled --admit--> admitted --discharge--> discharged
scheduled --no_show--> waiting (first time, keeps its place) | cancelled
waiting|scheduled --reject--> rejected
waiting|scheduled|expired --cancel--> cancelled
waiting --expire--> expired --reinstate (within the window)--> waiting
cancelled by the patient or by an admission elsewhere --reinstate (within
    the window)--> waiting
waiting|scheduled --renew (a later validity)--> the same status
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    WAITING = "waiting"
    SCHEDULED = "scheduled"
    ADMITTED = "admitted"
    DISCHARGED = "discharged"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


SECOND_NO_SHOW = "second_no_show"
REFERRAL_EXPIRED = "referral_expired"
ADMITTED_ELSEWHERE = "admitted_elsewhere"
"""Reason codes the queue records itself (documented in the contract's
SYSTEM_REASONS)."""

CANCELLABLE = frozenset({Status.WAITING, Status.SCHEDULED, Status.EXPIRED})
IN_QUEUE = frozenset({Status.WAITING, Status.SCHEDULED})
"""Still in the queue: the referral's validity can be renewed."""
REINSTATABLE = frozenset({Status.EXPIRED, Status.CANCELLED})
"""Closed in a way that may be undone, if the closure set a window
(``reinstatable_until``): an expiry, the patient's own cancellation, an
admission elsewhere."""
CLOSED = frozenset(
    {Status.DISCHARGED, Status.REJECTED, Status.CANCELLED, Status.EXPIRED}
)
"""No longer in the queue (``closed_at`` is set); an expired entry may still be
reinstated at its place."""


class InvalidTransition(Exception):
    """The entry's current state does not allow this action; ``code``, when
    set, says why in the words of a documented list (a refused request)."""

    def __init__(
        self, action: str, status: str, detail: str = "", code: str | None = None
    ):
        if detail:
            message = f"cannot {action} an entry that is {status}. {detail}"
        else:
            message = f"cannot {action} an entry that is {status}."
        super().__init__(message)
        self.action = action
        self.status = status
        self.code = code
