"""The referring doctor's view of a referral against its maximum wait: the
deadline, the flag, the estimate where it waits, and the shorter queues it
could move to (each with the patient's estimated place there, the
registration time kept): what ``POST /v1/referrals/{id}/move`` needs is the
alternative's ``facility_id``. And, for the doctor's list, the places of a
page of referrals."""

from __future__ import annotations

from typing import Any

from services.queue.guarantee.service_layer.dependencies import Guarantees
from services.queue.guarantee.service_layer.standing import (
    own_window,
    wait_guarantee,
    window_band,
)


async def referral_positions(
    g: Guarantees, referral_ids: list[str], facility_id: str
) -> dict[str, Any]:
    """Where each of these referrals stands in its queue, read in one query:
    only ``facility_id``'s own, in the queue (the others are left out, as
    missing ones are)."""
    entries = await g.uow.reader().entries.by_referrals(referral_ids)
    items = []
    for entry in entries:
        indexed = g.book.get(entry.hospitalization_code)
        if entry.referring_facility_id != facility_id or indexed is None:
            continue
        waiting = indexed.status == "waiting"
        items.append(
            {
                "referral_id": entry.referral_id,
                "status": indexed.status,
                "position": indexed.line.position(indexed.key) if waiting else None,
                "queue_length": len(indexed.line.waiting) if waiting else None,
            }
        )
    return {"items": items}


async def referral_alternatives(
    g: Guarantees, referral_id: str, facility_id: str, language: str
) -> dict[str, Any] | None:
    """None unless the referral is in the queue and ``facility_id`` referred
    it (another facility's referral is as unknown as a missing one)."""
    entry = await g.uow.reader().entries.by_referral(referral_id)
    if entry is None or entry.referring_facility_id != facility_id:
        return None
    indexed = g.book.get(entry.hospitalization_code)
    if indexed is None:
        return None
    line = indexed.line
    waiting = indexed.status == "waiting"
    return {
        "referral_id": entry.referral_id,
        "entry_id": entry.entry_id,
        "queue_id": line.queue_id,
        "facility_id": line.facility_id,
        "status": indexed.status,
        "position": line.position(indexed.key) if waiting else None,
        "queue_length": len(line.waiting) if waiting else None,
        "scheduled_date": (
            indexed.scheduled_date.isoformat()
            if indexed.status == "scheduled" and indexed.scheduled_date
            else None
        ),
        "estimated_admission": window_band(own_window(g, indexed, g.calendar.today())),
        "wait_guarantee": wait_guarantee(g, indexed, language, always=True),
    }
