"""The doctor extends an active referral's validity (POST
/v1/referrals/{id}/renew), through the HTTP API on the in-memory store:
only while it waits or is scheduled, only to a later date within
REFERRAL_VALIDITY_DAYS of today, with a reason; the queue's outcome gives
the referral its new validity."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.unit.referral.factories import placed, queue_event
from tests.unit.referral.follow_up import (
    ask,
    carried_out,
    expired_referral,
    refused,
    register,
    shown,
    tell,
)


def in_days(deps, days: int) -> date:
    return deps.today() + timedelta(days=days)


def planned_soon(deps) -> str:
    """A planned date 10 days ahead: the referral is valid 30 days after it."""
    return in_days(deps, 10).isoformat()


async def test_a_waiting_referral_is_renewed_by_the_queue(client, auth, deps, uow):
    made = await register(client, auth(), planned_date=planned_soon(deps))
    assert made["valid_until"] == in_days(deps, 40).isoformat()
    await tell(deps, placed(made, 1))
    later = in_days(deps, 80).isoformat()
    body = {"reason_code": "still_waiting", "valid_until": later, "note": "tests ok"}
    response = await ask(client, auth(), made, "renew", body)
    assert response.status == 202
    answer = await response.json()
    assert (answer["status"], answer["valid_until"]) == ("waiting", made["valid_until"])
    assert (answer["pending"]["kind"], answer["pending"]["valid_until"]) == (
        "renewal",
        later,
    )
    event = uow.store.outbox[-1]
    assert event.event_type == "referral.renewal_requested"
    assert (event.data["valid_until"], event.data["reason_code"]) == (
        later,
        "still_waiting",
    )
    assert "tests ok" not in str(event.data)
    await tell(deps, carried_out(made, "queue.entry_renewed", 2, in_days(deps, 80)))
    renewed = await shown(client, auth(), made["id"])
    assert (renewed["valid_until"], renewed["pending"]) == (later, None)
    step = renewed["history"][-1]
    assert (step["status"], step["action"], step["source"]) == (
        "waiting",
        "renewed",
        "queue",
    )
    listing = await (await client.get("/v1/referrals", headers=auth())).json()
    assert listing["items"][0]["valid_until"] == later


async def test_a_scheduled_referral_is_renewed_and_stays_scheduled(client, auth, deps):
    made = await register(client, auth(), planned_date=planned_soon(deps))
    on = in_days(deps, 5)
    await tell(
        deps,
        placed(made, 1),
        queue_event(made, "queue.admission_scheduled", 2, scheduled_date=on),
    )
    body = {"reason_code": "planned_date_moved", "valid_until": str(in_days(deps, 60))}
    assert (await ask(client, auth(), made, "renew", body)).status == 202
    renewal = carried_out(
        made, "queue.entry_renewed", 3, in_days(deps, 60), status="scheduled"
    )
    await tell(deps, renewal)
    renewed = await shown(client, auth(), made["id"])
    assert (renewed["status"], renewed["queue"]["scheduled_date"]) == (
        "scheduled",
        on.isoformat(),
    )


async def test_only_a_waiting_or_scheduled_referral_is_renewed(client, auth, deps):
    registered = await register(client, auth())
    lapsed = await expired_referral(client, auth, deps)
    body = {"reason_code": "still_waiting", "valid_until": str(in_days(deps, 60))}
    for made, status in [(registered, "registered"), (lapsed, "expired")]:
        response = await ask(client, auth(), made, "renew", body)
        error = (await response.json())["error"]
        assert (response.status, error["code"]) == (409, "referral_not_active")
        assert error["referral_status"] == status
    assert "reinstate it instead" in error["message"]


@pytest.mark.parametrize(
    ("days", "reason"),
    [(40, "still_waiting"), (20, "still_waiting"), (91, "still_waiting"), (None, "")],
)
async def test_a_renewal_never_shortens_and_stays_within_the_validity(
    client, auth, deps, uow, days, reason
):
    made = await register(client, auth(), planned_date=planned_soon(deps))
    await tell(deps, placed(made, 1))
    sent = len(uow.store.outbox)
    body = {"reason_code": reason or "still_waiting"}
    if days is not None:
        body["valid_until"] = in_days(deps, days).isoformat()
    response = await ask(client, auth(), made, "renew", body)
    assert response.status == 422
    assert list((await response.json())["error"]["fields"]) == ["valid_until"]
    assert len(uow.store.outbox) == sent
    assert (await shown(client, auth(), made["id"]))["pending"] is None


async def test_a_refused_renewal_keeps_the_referral_and_its_guard(client, auth, deps):
    made = await register(client, auth(), planned_date=planned_soon(deps))
    await tell(deps, placed(made, 1))
    body = {"reason_code": "still_waiting", "valid_until": str(in_days(deps, 60))}
    await ask(client, auth(), made, "renew", body)
    await tell(deps, refused(made, 3, "not_active"))
    after = await shown(client, auth(), made["id"])
    assert (after["status"], after["pending"]) == ("waiting", None)
    assert (after["history"][-1]["action"], after["history"][-1]["reason_code"]) == (
        "renewal_refused",
        "not_active",
    )
    again = await client.post("/v1/referrals", json=made["body"], headers=auth())
    assert again.status == 409
