"""What the referral knows of its queue entry: the queue's last word
(``QueueState``) and each queue event, translated (``QueueUpdate``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from services.referral.domain.requests import RENEWED
from services.referral.domain.status import Status

UPDATED = "updated"
REORDERED = "reordered"
"""The queue carried out the doctor's edit (new tests; a new priority)."""
KEEPS_DATE = frozenset({RENEWED, UPDATED, REORDERED})
"""Queue steps that leave a scheduled date as it was (their events carry
none)."""


@dataclass(frozen=True)
class QueueState:
    """What the queue last told about the referral's entry."""

    entry_id: str
    queue_id: str
    version: int = 0
    scheduled_date: date | None = None
    reason_code: str | None = None
    reinstatable_until: date | None = None
    estimated_earliest: date | None = None
    estimated_latest: date | None = None


@dataclass(frozen=True)
class QueueUpdate:
    """A queue event, translated: the status it means and what it says.
    ``version`` is the queue entry's; None for events that carry none;
    ``action`` says what a step beyond its status was (``reinstated``,
    ``renewed``, ``moved``: the outcome of a doctor's request);
    ``facility_id``: the hospital whose queue the entry is in (a move
    changes it)."""

    status: Status
    entry_id: str
    queue_id: str
    version: int | None
    actor: str
    at: datetime
    scheduled_date: date | None = None
    reason_code: str | None = None
    reinstatable_until: date | None = None
    estimated_earliest: date | None = None
    estimated_latest: date | None = None
    valid_until: date | None = None
    action: str | None = None
    facility_id: str | None = None


def queue_state(
    before: QueueState | None, update: QueueUpdate, known: int
) -> QueueState:
    state = before or QueueState(entry_id=update.entry_id, queue_id=update.queue_id)
    changes: dict[str, object] = {
        "entry_id": update.entry_id,
        "queue_id": update.queue_id,
        "version": update.version if update.version is not None else known,
        "reason_code": update.reason_code,
        "reinstatable_until": update.reinstatable_until,
    }
    if (
        update.status in (Status.SCHEDULED, Status.WAITING)
        and update.action not in KEEPS_DATE
    ):
        changes["scheduled_date"] = update.scheduled_date
    if update.estimated_earliest is not None:
        changes["estimated_earliest"] = update.estimated_earliest
        changes["estimated_latest"] = update.estimated_latest
    return replace(state, **changes)  # type: ignore[arg-type]


def dates_changed(before: QueueState | None, after: QueueState) -> bool:
    return before is not None and before.scheduled_date != after.scheduled_date
