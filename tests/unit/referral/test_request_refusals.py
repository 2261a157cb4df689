"""Every way the referral service refuses a reinstatement or a renewal before
asking the queue, through the HTTP API on the in-memory store: another
facility's referral is not found, a request outside the window or while one
is pending is a conflict, a bad body names its field; nothing is written
and nothing is sent. And a retried request with its Idempotency-Key gets
the first answer back."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.unit.referral.factories import OTHER_CLINIC, placed
from tests.unit.referral.follow_up import (
    ask,
    carried_out,
    expired,
    expired_referral,
    left,
    register,
    shown,
    tell,
)

REINSTATE = {"reason_code": "still_needed"}


async def test_another_facilitys_referral_is_not_found_like_an_unknown_one(
    client, auth, deps, uow
):
    made = await expired_referral(client, auth, deps)
    sent = len(uow.store.outbox)
    other = auth(facility=OTHER_CLINIC)
    for action, body in [
        ("reinstate", REINSTATE),
        ("renew", {"reason_code": "still_waiting", "valid_until": "2099-01-01"}),
    ]:
        theirs = await ask(client, other, made, action, body)
        unknown = await ask(client, auth(), {"id": "0" * 32}, action, body)
        assert theirs.status == unknown.status == 404
        assert await theirs.json() == await unknown.json()
    assert len(uow.store.outbox) == sent


async def test_after_the_window_the_referral_cannot_be_reinstated(client, auth, deps):
    made = await register(client, auth())
    yesterday = deps.today() - timedelta(days=1)
    await tell(deps, placed(made, 1), expired(made, 2, yesterday))
    response = await ask(client, auth(), made, "reinstate", REINSTATE)
    error = (await response.json())["error"]
    assert (response.status, error["code"]) == (409, "reinstatement_window_passed")
    assert error["reinstatable_until"] == yesterday.isoformat()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reason_code": "still_needed", "valid_until": "{today}"}, "valid_until"),
        ({"reason_code": "still_needed", "valid_until": "{far}"}, "valid_until"),
        ({"reason_code": "still_needed", "valid_until": "someday"}, "valid_until"),
        ({"reason_code": "feels_better"}, "reason_code"),
        ({"reason_code": "other"}, "note"),
        ({"reason": "she asked"}, "reason"),
        ({"reason_code": "still_needed", "priority": "urgent"}, "priority"),
        ({"reason_code": "still_needed", "note": " "}, "note"),
    ],
)
async def test_a_bad_reinstatement_names_its_field_and_writes_nothing(
    client, auth, deps, uow, body, field
):
    made = await expired_referral(client, auth, deps)
    before, sent = await shown(client, auth(), made["id"]), len(uow.store.outbox)
    dates = {
        "{today}": deps.today().isoformat(),
        "{far}": (deps.today() + timedelta(days=91)).isoformat(),
    }
    body = {k: dates.get(v, v) for k, v in body.items()}
    response = await ask(client, auth(), made, "reinstate", body)
    assert response.status == 422
    assert field in (await response.json())["error"]["fields"]
    assert await shown(client, auth(), made["id"]) == before
    assert len(uow.store.outbox) == sent


async def test_one_request_at_a_time(client, auth, deps):
    made = await expired_referral(client, auth, deps)
    assert (await ask(client, auth(), made, "reinstate", REINSTATE)).status == 202
    again = await ask(client, auth(), made, "reinstate", REINSTATE)
    error = (await again.json())["error"]
    assert (again.status, error["code"]) == (409, "request_pending")
    assert error["pending"]["kind"] == "reinstatement"


async def test_a_retried_request_gets_the_first_answer_and_asks_once(
    client, auth, deps, uow
):
    made = await expired_referral(client, auth, deps)
    headers = {**auth(), "Idempotency-Key": "reinstate-0001"}
    first = await ask(client, headers, made, "reinstate", REINSTATE)
    retry = await ask(client, headers, made, "reinstate", REINSTATE)
    assert first.status == retry.status == 202
    assert await first.json() == await retry.json()
    assert retry.headers["Idempotent-Replayed"] == "true"
    asked = [e for e in uow.store.outbox if e.event_type.startswith("referral.rein")]
    assert len(asked) == 1
    other_body = {**REINSTATE, "note": "another body"}
    other = await ask(client, headers, made, "reinstate", other_body)
    renew = {"reason_code": "still_waiting", "valid_until": "2099-01-01"}
    elsewhere = await ask(client, headers, made, "renew", renew)
    for refused in (other, elsewhere):
        error = (await refused.json())["error"]
        assert (refused.status, error["code"]) == (422, "idempotency_key_reused")


async def test_a_patient_referred_again_elsewhere_is_not_reinstated_here(
    client, auth, deps
):
    made = await register(client, auth())
    window = deps.today() + timedelta(days=30)
    await tell(deps, placed(made, 1), left(made, 2, window))
    await register(client, auth(facility=OTHER_CLINIC), body=made["body"])
    response = await ask(client, auth(), made, "reinstate", REINSTATE)
    error = (await response.json())["error"]
    assert (response.status, error["code"]) == (409, "active_referral_elsewhere")
    assert OTHER_CLINIC not in error["message"] and "existing" not in error
    assert (await shown(client, auth(), made["id"]))["pending"] is None


async def test_the_doctors_cancellation_ends_a_pending_reinstatement(
    client, auth, deps
):
    made = await expired_referral(client, auth, deps)
    await ask(client, auth(), made, "reinstate", REINSTATE)
    cancel = await client.post(
        f"/v1/referrals/{made['id']}/cancel",
        json={"reason_code": "treated_elsewhere"},
        headers=auth(),
    )
    cancelled = await cancel.json()
    assert (cancelled["pending"], cancelled["queue"]["reinstatable_until"]) == (
        None,
        None,
    )
    again = await ask(client, auth(), made, "reinstate", REINSTATE)
    assert (await again.json())["error"]["code"] == "not_reinstatable"
    until = deps.today() + timedelta(days=90)
    await tell(deps, carried_out(made, "queue.entry_reinstated", 3, until))
    after = await shown(client, auth(), made["id"])
    assert (after["status"], after["history"][-1]["action"]) == ("cancelled", None)
