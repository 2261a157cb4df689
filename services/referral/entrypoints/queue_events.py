"""The queue's events, translated into status updates for the referrals.

queue.entry_placed / entry_reinstated -> waiting; admission_scheduled ->
scheduled; patient_admitted -> admitted; no_show -> waiting (returned) or
cancelled; entry_rejected -> rejected; entry_cancelled -> cancelled (with
``admitted_elsewhere`` when the patient was admitted as an emergency: where is
not said); entry_expired -> expired; patient_discharged -> discharged.
entry_reinstated and entry_renewed carry the new validity and settle the
doctor's request; entry_moved -> waiting at another hospital (the referral's
facility_id becomes it), settling the doctor's move; request_refused says
why the queue did not carry it out. entry_updated and entry_reordered (the
doctor's edit carried out: new tests, a new priority) keep the status and
are a queue step of the history.
Position milestones, expiry reminders and emergency admissions (which name no
referral) change no status and are not handled.
"""

from __future__ import annotations

from services.referral.domain.commands import (
    ApplyQueueUpdate,
    ApplyRefusal,
    QueueEvent,
)
from services.referral.domain.model import Status
from services.referral.domain.queue_state import REORDERED, UPDATED, QueueUpdate
from services.referral.domain.requests import MOVED, REINSTATED, RENEWED
from services.referral.domain.status import STATUS_AFTER
from services.referral.service_layer import messagebus
from services.referral.service_layer.dependencies import Dependencies
from services.referral.service_layer.handlers import EVENT_HANDLERS
from shared.contracts import Envelope
from shared.messaging import EventHandler

OUTCOMES = {
    "queue.entry_reinstated": REINSTATED,
    "queue.entry_renewed": RENEWED,
    "queue.entry_updated": UPDATED,
    "queue.entry_reordered": REORDERED,
    "queue.entry_moved": MOVED,
}
"""The queue's events that carry out a doctor's request or edit."""
KEEPS_STATUS = frozenset(
    {"queue.entry_renewed", "queue.entry_updated", "queue.entry_reordered"}
)
"""Events whose status is the entry's own (it does not change)."""


def _status(envelope: Envelope) -> Status:
    if (
        envelope.event_type == "queue.no_show"
        and not envelope.data["returned_to_waiting"]
    ):
        return Status.CANCELLED
    if envelope.event_type in KEEPS_STATUS:
        return Status(envelope.data["status"])
    return STATUS_AFTER[envelope.event_type]


def entry_update(envelope: Envelope) -> ApplyQueueUpdate:
    data = envelope.data
    estimate = data.get("estimated_admission") or {}
    update = QueueUpdate(
        status=_status(envelope),
        entry_id=data["entry_id"],
        queue_id=data["queue_id"],
        version=data["version"],
        actor=data["actor"],
        at=envelope.occurred_at,
        scheduled_date=data.get("scheduled_date"),
        reason_code=data.get("reason_code"),
        reinstatable_until=data.get("reinstatable_until"),
        estimated_earliest=estimate.get("earliest"),
        estimated_latest=estimate.get("latest"),
        valid_until=data.get("valid_until"),
        action=OUTCOMES.get(envelope.event_type),
        facility_id=data.get("facility_id"),
    )
    return ApplyQueueUpdate(
        envelope.event_id, envelope.event_type, data["referral_id"], update
    )


def refusal(envelope: Envelope) -> ApplyRefusal:
    data = envelope.data
    return ApplyRefusal(
        envelope.event_id,
        envelope.event_type,
        data["referral_id"],
        data["referral_version"],
        data["reason_code"],
        envelope.occurred_at,
    )


def command_of(envelope: Envelope) -> QueueEvent:
    if envelope.event_type == "queue.request_refused":
        return refusal(envelope)
    return entry_update(envelope)


def queue_event_handlers(deps: Dependencies) -> dict[str, EventHandler]:
    """A consumer's handler for each queue event of :data:`EVENT_HANDLERS`."""

    async def on_entry_event(envelope: Envelope) -> None:
        await messagebus.handle(command_of(envelope), deps)

    return dict.fromkeys(EVENT_HANDLERS, on_entry_event)
