"""A referral's life after registration on the in-memory store: registering
it, what the queue tells about it (delivered to the consumer's handlers as
off the wire), the doctor's reinstatement and renewal requests, and what the
doctor then sees."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from services.referral.entrypoints.queue_events import queue_event_handlers
from shared.contracts import Envelope, decode, encode, new_event
from shared.messaging import AlreadyProcessed
from tests.unit.referral.factories import CLINIC, placed, queue_event, referral_body


async def register(client: Any, headers: dict[str, str], **overrides: Any) -> dict:
    body = overrides.pop("body", None) or referral_body(**overrides)
    response = await client.post("/v1/referrals", json=body, headers=headers)
    assert response.status == 201, await response.text()
    return {**await response.json(), "body": body}


async def tell(deps: Any, *events: Envelope) -> None:
    """Deliver ``events`` as the consumer does, skipping duplicates."""
    handlers = queue_event_handlers(deps)
    for event in events:
        try:
            await handlers[event.event_type](decode(encode(event)))
        except AlreadyProcessed:
            continue


async def shown(client: Any, headers: dict[str, str], referral_id: str) -> dict:
    response = await client.get(f"/v1/referrals/{referral_id}", headers=headers)
    assert response.status == 200
    return dict(await response.json())


async def ask(
    client: Any, headers: dict[str, str], referral: dict, action: str, body: dict
) -> Any:
    """POST /v1/referrals/{id}/reinstate or /renew."""
    path = f"/v1/referrals/{referral['id']}/{action}"
    return await client.post(path, json=body, headers=headers)


def expired(referral: dict, version: int, until: date) -> Envelope:
    return queue_event(
        referral, "queue.entry_expired", version, reinstatable_until=until
    )


def left(referral: dict, version: int, until: date | None) -> Envelope:
    """The patient cancelled on the status page (undoable until ``until``)."""
    return queue_event(
        referral,
        "queue.entry_cancelled",
        version,
        reason_code="moved",
        actor="patient",
        reinstatable_until=until,
    )


def carried_out(
    referral: dict, event_type: str, version: int, valid_until: date, **data: Any
) -> Envelope:
    """``queue.entry_reinstated`` or ``queue.entry_renewed`` for the entry."""
    return queue_event(referral, event_type, version, valid_until=valid_until, **data)


def refused(referral: dict, referral_version: int, reason_code: str) -> Envelope:
    return new_event(
        "queue.request_refused",
        {
            "referral_id": referral["id"],
            "hospitalization_code": referral["hospitalization_code"],
            "referral_version": referral_version,
            "request": "referral.reinstatement_requested",
            "referring_facility_id": CLINIC,
            "facility_id": "KZ-75-M01",
            "entry_id": f"entry-{referral['id'][:8]}",
            "status": "expired",
            "reason_code": reason_code,
        },
        "queue",
    )


async def expired_referral(client: Any, auth: Any, deps: Any) -> dict:
    """A placed referral whose validity passed, reinstatable 30 days."""
    made = await register(client, auth())
    window = deps.today() + timedelta(days=30)
    await tell(deps, placed(made, 1), expired(made, 2, window))
    return made
