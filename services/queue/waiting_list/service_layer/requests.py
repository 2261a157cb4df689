"""The referring doctor's requests, as the referral service publishes them:
each becomes the waiting list's own command (``Reinstate``, ``Renew``), and
one the entry cannot carry out becomes a ``queue.request_refused`` event with
the documented reason (the referral service records it in the history)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.queue.waiting_list.domain import commands
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.domain.records import PRODUCER
from shared.contracts import Envelope, new_event

NOT_IN_QUEUE = "not_in_queue"


REQUESTS: dict[str, type[commands.Reinstate] | type[commands.Renew]] = {
    "referral.reinstatement_requested": commands.Reinstate,
    "referral.renewal_requested": commands.Renew,
}
"""The waiting list's command each of the doctor's requests is."""


def doctors_command(request: Envelope, entry_id: str) -> commands.EntryCommand:
    """The request as the command for the entry it names."""
    data = request.data
    return REQUESTS[request.event_type](
        entry_id=entry_id,
        actor=Actor.parse(data["actor"], default_role="doctor"),
        valid_until=data["valid_until"],
        reason_code=data["reason_code"],
    )


def requested_of(entry: QueueEntry | None, data: Mapping[str, Any]) -> bool:
    """The entry is the one the request is about: its referral's, referred
    by the facility that asks."""
    return entry is not None and (
        entry.referring_facility_id == data["referring_facility_id"]
    )


def refusal(request: Envelope, entry: QueueEntry | None, code: str) -> Envelope:
    """``queue.request_refused``: which request (the referral's version),
    why, and where the entry stands (if there is one)."""
    data = request.data
    return new_event(
        "queue.request_refused",
        {
            "referral_id": data["referral_id"],
            "hospitalization_code": data["hospitalization_code"],
            "referral_version": data["version"],
            "request": request.event_type,
            "referring_facility_id": data["referring_facility_id"],
            "facility_id": data["facility_id"],
            "entry_id": entry.entry_id if entry is not None else None,
            "status": entry.status.value if entry is not None else None,
            "reason_code": code,
        },
        PRODUCER,
    )
