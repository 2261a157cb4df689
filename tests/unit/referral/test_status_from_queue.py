"""The queue's events keep the referral's status current: each handed to
the consumer's handler as it arrives from the broker, on the in-memory
store."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from services.referral.domain.model import Outcome
from services.referral.entrypoints.queue_events import (
    entry_update,
    queue_event_handlers,
)
from services.referral.service_layer.messagebus import handle
from shared.contracts import Envelope, decode, encode
from shared.messaging import AlreadyProcessed
from tests.unit.referral.factories import (
    CLERK,
    closed_elsewhere,
    placed,
    queue_event,
    referral_body,
    reinstated,
)


def delivered(event: Envelope) -> Envelope:
    return decode(encode(event))


async def tell(deps: Any, *events: Envelope) -> None:
    """Deliver ``events`` to the consumer's handlers, skipping duplicates as
    the consumer does."""
    handlers = queue_event_handlers(deps)
    for event in events:
        try:
            await handlers[event.event_type](delivered(event))
        except AlreadyProcessed:
            continue


async def register(client: Any, headers: dict[str, str], body: dict | None = None):
    response = await client.post(
        "/v1/referrals", json=body or referral_body(), headers=headers
    )
    assert response.status == 201
    return dict(await response.json())


async def shown(client: Any, headers: dict[str, str], referral_id: str) -> dict:
    response = await client.get(f"/v1/referrals/{referral_id}", headers=headers)
    return dict(await response.json())


def steps(referral: dict[str, Any]) -> list[tuple[str, str]]:
    return [(h["status"], h["source"]) for h in referral["history"]]


async def test_placed_scheduled_admitted(client, auth, deps):
    body = referral_body()
    created = await register(client, auth(), body)
    await tell(
        deps,
        placed(created, 1),
        queue_event(
            created, "queue.admission_scheduled", 2, scheduled_date=date(2026, 12, 14)
        ),
        queue_event(created, "queue.patient_admitted", 3),
    )
    referral = await shown(client, auth(), created["id"])
    assert (referral["status"], referral["queue"]["version"]) == ("admitted", 3)
    assert steps(referral) == [
        ("registered", "referral"),
        ("waiting", "queue"),
        ("scheduled", "queue"),
        ("admitted", "queue"),
    ]
    assert referral["history"][-1]["actor"] == CLERK
    assert referral["queue"]["scheduled_date"] == "2026-12-14"
    # an admitted referral is no longer active: the patient can be referred again
    again = await client.post("/v1/referrals", json=body, headers=auth())
    assert again.status == 201


async def test_a_duplicate_event_is_applied_once(client, auth, deps):
    created = await register(client, auth())
    scheduled = queue_event(
        created, "queue.admission_scheduled", 2, scheduled_date=date(2026, 12, 1)
    )
    returned = queue_event(created, "queue.no_show", 3, returned_to_waiting=True)
    await tell(deps, placed(created, 1), scheduled, scheduled, returned)
    referral = await shown(client, auth(), created["id"])
    assert (referral["status"], referral["queue"]["version"]) == ("waiting", 3)
    assert [s for s, _ in steps(referral)] == [
        "registered",
        "waiting",
        "scheduled",
        "waiting",
    ]
    assert referral["queue"]["scheduled_date"] is None


async def test_an_out_of_order_event_is_ignored(client, auth, deps):
    created = await register(client, auth())
    scheduled = queue_event(
        created, "queue.admission_scheduled", 2, scheduled_date=date(2026, 12, 3)
    )
    await tell(deps, scheduled)
    assert await handle(entry_update(delivered(placed(created, 1))), deps) is (
        Outcome.STALE
    )
    rejected = queue_event(
        created, "queue.entry_rejected", 3, reason_code="profile_mismatch"
    )
    await tell(deps, rejected)
    referral = await shown(client, auth(), created["id"])
    assert [s for s, _ in steps(referral)] == ["registered", "scheduled", "rejected"]
    assert referral["history"][-1]["reason_code"] == "profile_mismatch"
    assert referral["queue"]["reason_code"] == "profile_mismatch"


async def test_expired_then_reinstated_holds_the_patients_one_active_referral(
    client, auth, deps
):
    body = referral_body()
    created = await register(client, auth(), body)
    expired = queue_event(
        created, "queue.entry_expired", 2, reinstatable_until=date(2026, 12, 30)
    )
    await tell(deps, placed(created, 1), expired)
    referral = await shown(client, auth(), created["id"])
    assert referral["status"] == "expired"
    assert referral["queue"]["reinstatable_until"] == "2026-12-30"
    await tell(deps, reinstated(created, 3))
    assert (await shown(client, auth(), created["id"]))["status"] == "waiting"
    again = await client.post("/v1/referrals", json=body, headers=auth())
    assert again.status == 409


async def test_a_reinstated_referral_leaves_a_newer_one_its_guard(
    client, auth, deps, capsys
):
    body = referral_body()
    first = await register(client, auth(), body)
    expired = queue_event(
        first, "queue.entry_expired", 2, reinstatable_until=date(2026, 12, 30)
    )
    await tell(deps, placed(first, 1), expired)
    newer = await register(client, auth(), body)
    await tell(deps, reinstated(first, 3))
    assert (await shown(client, auth(), first["id"]))["status"] == "waiting"
    assert "reinstated_beside_active_referral" in capsys.readouterr().out
    again = await client.post("/v1/referrals", json=body, headers=auth())
    assert (await again.json())["error"]["existing"]["referral_id"] == newer["id"]


async def test_events_about_unknown_referrals_do_not_block_the_others(
    client, auth, deps
):
    stranger = {"id": "f" * 32, "hospitalization_code": "75-X"}
    assert await handle(entry_update(delivered(placed(stranger, 1))), deps) is None
    created = await register(client, auth())
    cancelled = queue_event(
        created, "queue.entry_cancelled", 1, reason_code="no_longer_needed"
    )
    await tell(deps, cancelled)
    referral = await shown(client, auth(), created["id"])
    assert referral["status"] == "cancelled"
    assert referral["history"][-1]["reason_code"] == "no_longer_needed"


async def test_the_same_event_id_is_handled_once(client, auth, deps):
    created = await register(client, auth())
    await tell(deps, placed(created, 1))
    command = entry_update(delivered(closed_elsewhere(created, 2)))
    assert await handle(command, deps) is Outcome.APPLIED
    with pytest.raises(AlreadyProcessed):
        await handle(command, deps)
    referral = await shown(client, auth(), created["id"])
    assert [s for s, _ in steps(referral)] == ["registered", "waiting", "cancelled"]


async def test_an_emergency_elsewhere_closes_the_referral_without_saying_where(
    client, auth, deps
):
    created = await register(client, auth())
    await tell(deps, placed(created, 1), closed_elsewhere(created, 2))
    referral = await shown(client, auth(), created["id"])
    assert [s for s, _ in steps(referral)] == ["registered", "waiting", "cancelled"]
    last = referral["history"][-1]
    assert (last["reason_code"], last["actor"], last["note"]) == (
        "admitted_elsewhere",
        "system",
        None,
    )
    assert "KZ-71-M01" not in str(referral)
