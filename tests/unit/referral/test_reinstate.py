"""The doctor asks the queue to bring a closed referral back at its place
(POST /v1/referrals/{id}/reinstate), through the HTTP API on the in-memory
store: the answer is 202 with the pending request, the event that asks the
queue goes in the same transaction, and the queue's outcome or refusal
settles it in the history."""

from __future__ import annotations

from datetime import timedelta

from services.referral.entrypoints.queue_events import command_of
from services.referral.service_layer.messagebus import handle
from shared.contracts import decode, encode
from tests.unit.referral.factories import CLINIC, placed, queue_event
from tests.unit.referral.follow_up import (
    ask,
    carried_out,
    expired_referral,
    left,
    refused,
    register,
    shown,
    tell,
)

WHY = {
    "reason_code": "missed_reminders",
    "note": "she was in Astana, call +77011234567",
}


async def test_an_expired_referral_is_asked_back_and_the_queue_brings_it_back(
    client, auth, deps, uow
):
    made = await expired_referral(client, auth, deps)
    response = await ask(client, auth(), made, "reinstate", WHY)
    assert response.status == 202
    assert response.headers["Location"] == f"/v1/referrals/{made['id']}"
    answer = await response.json()
    new_validity = (deps.today() + timedelta(days=90)).isoformat()
    assert (answer["status"], answer["version"]) == ("expired", 4)
    assert answer["pending"]["kind"] == "reinstatement"
    assert answer["pending"]["valid_until"] == new_validity
    event = uow.store.outbox[-1]
    assert event.event_type == "referral.reinstatement_requested"
    assert event.data == {
        "referral_id": made["id"],
        "hospitalization_code": made["hospitalization_code"],
        "version": 4,
        "referring_facility_id": CLINIC,
        "facility_id": "KZ-75-M01",
        "valid_until": new_validity,
        "reason_code": "missed_reminders",
        "actor": "doctor:dr-aliya",
    }
    asked = await shown(client, auth(), made["id"])
    assert asked["pending"] == answer["pending"]
    step = asked["history"][-1]
    assert (step["action"], step["note"]) == ("reinstatement_requested", WHY["note"])
    until = deps.today() + timedelta(days=80)
    await tell(deps, carried_out(made, "queue.entry_reinstated", 3, until))
    back = await shown(client, auth(), made["id"])
    assert (back["status"], back["pending"], back["valid_until"]) == (
        "waiting",
        None,
        until.isoformat(),
    )
    assert (back["history"][-1]["action"], back["history"][-1]["source"]) == (
        "reinstated",
        "queue",
    )


async def test_the_patients_own_cancellation_is_undone_and_the_guard_taken_back(
    client, auth, deps
):
    made = await register(client, auth())
    window = deps.today() + timedelta(days=30)
    await tell(deps, placed(made, 1), left(made, 2, window))
    assert (await shown(client, auth(), made["id"]))["status"] == "cancelled"
    valid_until = (deps.today() + timedelta(days=30)).isoformat()
    body = {"reason_code": "cancelled_by_mistake", "valid_until": valid_until}
    assert (await ask(client, auth(), made, "reinstate", body)).status == 202
    again = await client.post("/v1/referrals", json=made["body"], headers=auth())
    assert (await again.json())["error"]["existing"]["referral_id"] == made["id"]
    await tell(deps, carried_out(made, "queue.entry_reinstated", 3, window))
    back = await shown(client, auth(), made["id"])
    assert (back["status"], back["pending"]) == ("waiting", None)


async def test_a_refusal_says_why_clears_the_request_and_gives_the_guard_back(
    client, auth, deps
):
    made = await expired_referral(client, auth, deps)
    await ask(client, auth(), made, "reinstate", WHY)
    older = decode(encode(refused(made, 3, "not_reinstatable")))
    assert (await handle(command_of(older), deps)).value == "stale"
    await tell(deps, refused(made, 4, "reinstatement_window_passed"))
    after = await shown(client, auth(), made["id"])
    assert (after["status"], after["pending"]) == ("expired", None)
    step = after["history"][-1]
    assert (step["action"], step["reason_code"], step["source"]) == (
        "reinstatement_refused",
        "reinstatement_window_passed",
        "queue",
    )
    again = await client.post("/v1/referrals", json=made["body"], headers=auth())
    assert again.status == 201


async def test_what_is_not_a_closure_that_can_be_undone_is_refused(client, auth, deps):
    waiting, rejected, withdrawn, missed = [
        await register(client, auth()) for _ in range(4)
    ]
    second_no_show = {"returned_to_waiting": False, "reason_code": "second_no_show"}
    await tell(
        deps,
        *(placed(made, 1) for made in (waiting, rejected, withdrawn, missed)),
        queue_event(rejected, "queue.entry_rejected", 2, reason_code="duplicate"),
        queue_event(missed, "queue.no_show", 2, status="cancelled", **second_no_show),
    )
    await client.post(
        f"/v1/referrals/{withdrawn['id']}/cancel",
        json={"reason_code": "duplicate"},
        headers=auth(),
    )
    for made, status in [
        (waiting, "waiting"),
        (rejected, "rejected"),
        (withdrawn, "cancelled"),
        (missed, "cancelled"),
    ]:
        response = await ask(client, auth(), made, "reinstate", WHY)
        error = (await response.json())["error"]
        assert (response.status, error["code"]) == (409, "not_reinstatable")
        assert error["referral_status"] == status
