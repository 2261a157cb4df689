"""The states of a queue entry and the transitions between them.

waiting --schedule--> scheduled --admit--> admitted --discharge--> discharged
scheduled --no_show--> waiting (first time, keeps its place) | cancelled
waiting|scheduled --reject--> rejected
waiting|scheduled|expired --cancel--> cancelled
waiting --expire--> expired --reinstate (within the window)--> waiting
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
CLOSED = frozenset(
    {Status.DISCHARGED, Status.REJECTED, Status.CANCELLED, Status.EXPIRED}
)
"""No longer in the queue (``closed_at`` is set); an expired entry may still be
reinstated at its place."""


class InvalidTransition(Exception):
    """The entry's current state does not allow this action."""

    def __init__(self, action: str, status: str, detail: str = ""):
        if detail:
            message = f"cannot {action} an entry that is {status}. {detail}"
        else:
            message = f"cannot {action} an entry that is {status}."
        super().__init__(message)
        self.action = action
        self.status = status
