"""The statuses a referral goes through and which steps are allowed.

registered -> waiting -> scheduled -> admitted -> discharged; rejected,
cancelled and expired on the way (expired, and cancelled by the patient or by
an admission elsewhere, can be reinstated to waiting: ``requests.py``).
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    REGISTERED = "registered"
    WAITING = "waiting"
    SCHEDULED = "scheduled"
    ADMITTED = "admitted"
    DISCHARGED = "discharged"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


ACTIVE = frozenset({Status.REGISTERED, Status.WAITING, Status.SCHEDULED})
CANCELLABLE = ACTIVE | {Status.EXPIRED}
_OPEN_TARGETS = frozenset(Status) - {Status.REGISTERED, Status.DISCHARGED}
ALLOWED: dict[Status, frozenset[Status]] = {
    Status.REGISTERED: _OPEN_TARGETS,
    Status.WAITING: _OPEN_TARGETS,
    Status.SCHEDULED: _OPEN_TARGETS,
    Status.EXPIRED: frozenset({Status.WAITING, Status.CANCELLED, Status.REJECTED}),
    Status.ADMITTED: frozenset({Status.DISCHARGED}),
    # The queue may have admitted the patient before it saw the cancellation;
    # where the patient stands is the queue's to say.
    Status.CANCELLED: frozenset({Status.ADMITTED}),
    Status.REJECTED: frozenset(),
    Status.DISCHARGED: frozenset(),
}


class Outcome(StrEnum):
    APPLIED = "applied"
    STALE = "stale"
    NOT_ALLOWED = "not_allowed"


STATUS_AFTER: dict[str, Status] = {
    "queue.entry_placed": Status.WAITING,
    "queue.entry_reinstated": Status.WAITING,
    "queue.admission_scheduled": Status.SCHEDULED,
    "queue.patient_admitted": Status.ADMITTED,
    "queue.entry_rejected": Status.REJECTED,
    "queue.entry_cancelled": Status.CANCELLED,
    "queue.entry_expired": Status.EXPIRED,
    "queue.patient_discharged": Status.DISCHARGED,
    "queue.no_show": Status.WAITING,
    "queue.entry_moved": Status.WAITING,
}
"""The status each of the queue's events means for the referral (a no-show
not returned to waiting means cancelled)."""
