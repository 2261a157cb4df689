"""Queue events published on the real broker keep the referral's status current."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import Any

import pytest

from services.referral.domain.model import Outcome
from services.referral.entrypoints.http import DEPENDENCIES
from services.referral.entrypoints.queue_events import entry_update
from services.referral.service_layer.messagebus import handle
from shared.contracts import Envelope, decode, encode, new_event
from shared.messaging import AlreadyProcessed
from shared.messaging.publisher import PublishFailed
from shared.runtime import PLATFORM
from tests.unit.referral.factories import (
    CLERK,
    closed_elsewhere,
    placed,
    queue_event,
    referral_body,
)


class Queue:
    """Plays the queue service: publishes entry events for one referral."""

    def __init__(self, client: Any, referral: dict[str, Any]):
        self.client = client
        self.referral = referral

    def event(self, event_type: str, version: int, **data: Any) -> Envelope:
        return queue_event(self.referral, event_type, version, **data)

    def placed(self, version: int) -> Envelope:
        return placed(self.referral, version)

    def closed_elsewhere(self, version: int) -> Envelope:
        return closed_elsewhere(self.referral, version)

    async def publish(self, *events: Envelope) -> None:
        publisher = self.client.app[PLATFORM].publisher
        for event in events:
            await publisher.publish(event)


async def register(client: Any, headers: dict[str, str], body: dict | None = None):
    response = await client.post(
        "/v1/referrals", json=body or referral_body(), headers=headers
    )
    assert response.status == 201
    return dict(await response.json())


async def referral_when(
    client: Any, headers: dict[str, str], referral_id: str, status: str, version: int
) -> dict[str, Any]:
    """The referral once it shows ``status`` with queue version ``version``."""
    for _ in range(200):
        response = await client.get(f"/v1/referrals/{referral_id}", headers=headers)
        shown = dict(await response.json())
        queue = shown["queue"] or {}
        if shown["status"] == status and queue.get("version") == version:
            return shown
        await asyncio.sleep(0.05)
    raise AssertionError(f"never {status} at version {version}: {shown}")


def steps(referral: dict[str, Any]) -> list[tuple[str, str]]:
    return [(h["status"], h["source"]) for h in referral["history"]]


async def test_placed_scheduled_admitted(client, auth):
    body = referral_body()
    created = await register(client, auth(), body)
    queue = Queue(client, created)
    await queue.publish(
        queue.placed(1),
        queue.event("queue.admission_scheduled", 2, scheduled_date=date(2026, 12, 14)),
        queue.event("queue.patient_admitted", 3),
    )
    shown = await referral_when(client, auth(), created["id"], "admitted", 3)
    assert steps(shown) == [
        ("registered", "referral"),
        ("waiting", "queue"),
        ("scheduled", "queue"),
        ("admitted", "queue"),
    ]
    assert shown["history"][-1]["actor"] == CLERK
    assert shown["queue"]["scheduled_date"] == "2026-12-14"
    # an admitted referral is no longer active: the patient can be referred again
    again = await client.post("/v1/referrals", json=body, headers=auth())
    assert again.status == 201


async def test_a_duplicate_event_is_applied_once(client, auth):
    created = await register(client, auth())
    queue = Queue(client, created)
    scheduled = queue.event(
        "queue.admission_scheduled", 2, scheduled_date=date(2026, 12, 1)
    )
    await queue.publish(queue.placed(1))
    await queue.publish(scheduled, scheduled)
    await queue.publish(queue.event("queue.no_show", 3, returned_to_waiting=True))
    shown = await referral_when(client, auth(), created["id"], "waiting", 3)
    assert [s for s, _ in steps(shown)] == [
        "registered",
        "waiting",
        "scheduled",
        "waiting",
    ]
    assert shown["queue"]["scheduled_date"] is None


async def test_events_about_unknown_referrals_do_not_block_the_others(client, auth):
    stranger = Queue(client, {"id": "f" * 32, "hospitalization_code": "75-X"})
    created = await register(client, auth())
    queue = Queue(client, created)
    await stranger.publish(stranger.placed(1))
    await queue.publish(
        queue.event("queue.entry_cancelled", 1, reason_code="no_longer_needed")
    )
    shown = await referral_when(client, auth(), created["id"], "cancelled", 1)
    assert shown["history"][-1]["reason_code"] == "no_longer_needed"


async def test_the_same_event_id_is_handled_once(client, auth):
    created = await register(client, auth())
    queue = Queue(client, created)
    await queue.publish(queue.placed(1))
    await referral_when(client, auth(), created["id"], "waiting", 1)
    command = entry_update(decode(encode(queue.closed_elsewhere(2))))
    deps = client.app[DEPENDENCIES]
    assert await handle(command, deps) is Outcome.APPLIED
    with pytest.raises(AlreadyProcessed):
        await handle(command, deps)
    shown = await (
        await client.get(f"/v1/referrals/{created['id']}", headers=auth())
    ).json()
    assert [s for s, _ in steps(shown)] == ["registered", "waiting", "cancelled"]


async def test_an_emergency_elsewhere_closes_the_referral_without_saying_where(
    client, auth
):
    created = await register(client, auth())
    queue = Queue(client, created)
    await queue.publish(queue.placed(1))
    await referral_when(client, auth(), created["id"], "waiting", 1)
    admitting = "KZ-71-M01"
    emergency = new_event(
        "queue.emergency_admitted",
        {
            "admission_id": "adm-2",
            "facility_id": admitting,
            "queue_id": f"{admitting}:psychiatry",
            "actor": f"hospital:{admitting}:clerk-9",
        },
        "queue",
    )
    with pytest.raises(PublishFailed, match="not routed"):
        await queue.publish(emergency)  # the admission itself is not its news
    await queue.publish(queue.closed_elsewhere(2))
    shown = await referral_when(client, auth(), created["id"], "cancelled", 2)
    assert [s for s, _ in steps(shown)] == ["registered", "waiting", "cancelled"]
    last = shown["history"][-1]
    assert (last["reason_code"], last["actor"], last["note"]) == (
        "admitted_elsewhere",
        "system",
        None,
    )
    assert admitting not in str(shown)


async def test_the_lookups_events_never_reach_the_referral_service(client, auth):
    created = await register(client, auth())
    queue = Queue(client, created)
    await queue.publish(queue.placed(1))
    shown = await referral_when(client, auth(), created["id"], "waiting", 1)
    about = {
        "entry_id": f"entry-{created['id'][:8]}",
        "referral_id": created["id"],
        "hospitalization_code": created["hospitalization_code"],
    }
    now = datetime.now(UTC)
    lookups = [
        new_event("queue.lookup_guessed", {**about, "at": now}, "queue"),
        new_event(
            "queue.verification_requested",
            {**about, "one_time_code": "042917", "expires_at": now},
            "queue",
        ),
    ]
    for event in lookups:  # no queue of the referral service takes them
        with pytest.raises(PublishFailed, match="not routed"):
            await queue.publish(event)
    again = await (
        await client.get(f"/v1/referrals/{created['id']}", headers=auth())
    ).json()
    assert again["history"] == shown["history"] and again["status"] == "waiting"
