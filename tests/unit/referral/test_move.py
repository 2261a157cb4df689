"""The doctor moves a waiting referral to another hospital of its bed
profile (POST /v1/referrals/{id}/move), through the HTTP API on the
in-memory store: only while it waits, only to a registry hospital that takes
the referral as registered and is not its own, with a reason; the queue's
outcome gives the referral its new hospital."""

from __future__ import annotations

from datetime import date

from shared.contracts import new_event
from tests.unit.referral.factories import CLINIC, placed, queue_event
from tests.unit.referral.follow_up import ask, register, shown, tell

ELSEWHERE = "KZ-71-M01"
MOVE = {"facility_id": ELSEWHERE, "reason_code": "shorter_wait"}


def moved(referral: dict, version: int, to: str = ELSEWHERE):
    """``queue.entry_moved`` for the entry, into ``to``'s queue."""
    return queue_event(
        referral,
        "queue.entry_moved",
        version,
        facility_id=to,
        queue_id=f"{to}:psychiatry",
        from_facility_id="KZ-75-M01",
        position=3,
        queue_length=9,
        reason_code="shorter_wait",
    )


def move_refused(referral: dict, referral_version: int, reason_code: str):
    return new_event(
        "queue.request_refused",
        {
            "referral_id": referral["id"],
            "hospitalization_code": referral["hospitalization_code"],
            "referral_version": referral_version,
            "request": "referral.move_requested",
            "referring_facility_id": CLINIC,
            "facility_id": "KZ-75-M01",
            "entry_id": f"entry-{referral['id'][:8]}",
            "status": "scheduled",
            "reason_code": reason_code,
        },
        "queue",
    )


async def test_a_waiting_referral_moves_when_the_queue_has_moved_it(
    client, auth, deps, uow
):
    made = await register(client, auth())
    await tell(deps, placed(made, 1))
    body = {**MOVE, "note": "the family lives in Astana now"}
    response = await ask(client, auth(), made, "move", body)
    assert response.status == 202
    answer = await response.json()
    assert answer["status"] == "waiting"
    assert (answer["pending"]["kind"], answer["pending"]["to_facility_id"]) == (
        "move",
        ELSEWHERE,
    )
    event = uow.store.outbox[-1]
    assert event.event_type == "referral.move_requested"
    assert (event.data["facility_id"], event.data["to_facility_id"]) == (
        "KZ-75-M01",
        ELSEWHERE,
    )
    assert (event.data["reason_code"], event.data["version"]) == ("shorter_wait", 3)
    assert "Astana" not in str(event.data) and "valid_until" not in event.data
    before = await shown(client, auth(), made["id"])
    assert before["facility_id"] == "KZ-75-M01"
    await tell(deps, moved(made, 2))
    after = await shown(client, auth(), made["id"])
    assert (after["facility_id"], after["status"], after["pending"]) == (
        ELSEWHERE,
        "waiting",
        None,
    )
    assert after["queue"]["queue_id"] == f"{ELSEWHERE}:psychiatry"
    assert after["valid_until"] == made["valid_until"]
    steps = [(s["action"], s["source"]) for s in after["history"][-2:]]
    assert steps == [("move_requested", "referral"), ("moved", "queue")]
    assert after["history"][-2]["note"] == "the family lives in Astana now"


async def test_the_receiving_hospital_must_take_the_referral(client, auth, deps, uow):
    made = await register(client, auth())
    await tell(deps, placed(made, 1))
    version = (await shown(client, auth(), made["id"]))["version"]
    sent = len(uow.store.outbox)
    for target in ("KZ-75-M01", "KZ-99-X01", "KZ-75-N01", "KZ-75-P02"):
        body = {**MOVE, "facility_id": target}
        response = await ask(client, auth(), made, "move", body)
        assert response.status == 422, target
        error = (await response.json())["error"]
        assert list(error["fields"]) == ["facility_id"], target
    same = await ask(client, auth(), made, "move", {**MOVE, "facility_id": "KZ-75-M01"})
    assert "already waits at this hospital" in str(await same.json())
    unchanged = await shown(client, auth(), made["id"])
    assert (unchanged["version"], unchanged["pending"]) == (version, None)
    assert len(uow.store.outbox) == sent


async def test_only_a_waiting_referral_is_moved_and_one_request_at_a_time(
    client, auth, deps
):
    made = await register(client, auth())
    response = await ask(client, auth(), made, "move", MOVE)
    assert response.status == 409
    assert (await response.json())["error"]["code"] == "referral_not_waiting"
    await tell(
        deps,
        placed(made, 1),
        queue_event(
            made, "queue.admission_scheduled", 2, scheduled_date=date(2026, 12, 20)
        ),
    )
    response = await ask(client, auth(), made, "move", MOVE)
    assert response.status == 409
    error = (await response.json())["error"]
    assert (error["code"], error["referral_status"]) == (
        "referral_not_waiting",
        "scheduled",
    )
    assert "booked" in error["message"]
    other = await register(client, auth())
    await tell(deps, placed(other, 1))
    assert (await ask(client, auth(), other, "move", MOVE)).status == 202
    again = await ask(client, auth(), other, "move", MOVE)
    assert again.status == 409
    assert (await again.json())["error"]["code"] == "request_pending"


async def test_another_facilitys_referral_is_not_found(client, auth, deps):
    made = await register(client, auth())
    await tell(deps, placed(made, 1))
    response = await ask(client, auth(facility="KZ-75-P02"), made, "move", MOVE)
    assert response.status == 404


async def test_a_refused_move_is_in_the_history_and_changes_nothing(client, auth, deps):
    made = await register(client, auth())
    await tell(deps, placed(made, 1))
    answer = await (await ask(client, auth(), made, "move", MOVE)).json()
    await tell(deps, move_refused(made, answer["version"], "not_waiting"))
    after = await shown(client, auth(), made["id"])
    assert (after["facility_id"], after["pending"]) == ("KZ-75-M01", None)
    step = after["history"][-1]
    assert (step["action"], step["reason_code"]) == ("move_refused", "not_waiting")
    assert (await ask(client, auth(), made, "move", MOVE)).status == 202


async def test_the_receiving_hospitals_beds_must_admit_the_patient(client, auth, deps):
    """An adult's surgical referral cannot go to the children's hospital."""
    adult = {"facility_id": "KZ-75-H01", "bed_profile": "surgery", "diagnosis": "K40.9"}
    made = await register(client, auth(), **adult)
    await tell(deps, placed(made, 1))
    body = {"facility_id": "KZ-75-H02", "reason_code": "closer_to_home"}
    response = await ask(client, auth(), made, "move", body)
    assert response.status == 422
    [message] = (await response.json())["error"]["fields"]["facility_id"]
    assert "18" in message, message
    assert message.startswith("This bed profile admits patients")
    assert (await shown(client, auth(), made["id"]))["pending"] is None
