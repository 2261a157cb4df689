"""Admit, no-show, reject, reschedule and discharge over HTTP: the entry's
new state as the answer (an empty body means no fields), and each refusal
as its status and error body: 409 with the entry's current status, 409
not_due and no_free_beds, 422 for the input (what the transitions do:
tests/unit/queue/hospital/test_entry_actions.py and test_reschedule.py)."""

from __future__ import annotations

from datetime import timedelta

from services.queue.hospital.entrypoints.responses import EntryAnswer
from tests.integration.hospital.support import json_of
from tests.integration.queue.support import place
from tests.queue_builders import START


async def line_of(bureau, count):
    return [
        await place(bureau, registered_at=START + timedelta(minutes=i))
        for i in range(count)
    ]


async def refused(response, status):
    body = await json_of(response, 409)
    assert body["error"]["current_status"] == status
    return body["error"]


async def test_admit_and_discharge_answer_the_entry_with_its_notes(
    desk, bureau, client
):
    [placed] = await line_of(bureau, 1)
    await json_of(await desk.pull(bureau.today(), 1))

    response = await client.post(
        f"/v1/entries/{placed.entry_id}/admit", headers=desk.headers()
    )

    admitted = await json_of(response)
    assert set(admitted) == set(EntryAnswer().fields)
    assert (admitted["status"], admitted["version"]) == ("admitted", 3)
    assert response.headers["Cache-Control"] == "no-store"
    discharged = await json_of(
        await desk.act(placed.entry_id, "discharge", {"note": "recovered"})
    )
    assert discharged["status"] == "discharged"
    assert [n["note"] for n in discharged["notes"]] == ["recovered"]
    error = await refused(await desk.act(placed.entry_id, "discharge"), "discharged")
    assert error["code"] == "invalid_transition"


async def test_a_no_show_before_the_day_is_not_due(desk, bureau, clock):
    queue = await line_of(bureau, 2)
    tomorrow = bureau.today() + timedelta(days=1)
    await json_of(await desk.pull(tomorrow, 1))

    early = await json_of(await desk.act(queue[0].entry_id, "no-show"), 409)

    assert early["error"]["code"] == "not_due"
    assert early["error"]["current_status"] == "scheduled"
    assert early["error"]["scheduled_date"] == tomorrow.isoformat()
    clock.advance(days=1)
    back = await json_of(await desk.act(queue[0].entry_id, "no-show"))
    assert (back["status"], back["position"]) == ("waiting", 1)


async def test_reject_needs_a_documented_reason(desk, bureau):
    [placed] = await line_of(bureau, 1)
    missing_text = await json_of(
        await desk.act(placed.entry_id, "reject", {"reason_code": "other"}), 422
    )
    assert "note" in missing_text["error"]["fields"]
    words = await json_of(
        await desk.act(placed.entry_id, "reject", {"reason": "acute illness"}), 422
    )
    assert "reason_code" in words["error"]["fields"]["reason"][0]
    unknown = await json_of(
        await desk.act(placed.entry_id, "reject", {"reason_code": "tired"}), 422
    )
    assert "reason_code" in unknown["error"]["fields"]
    no_body = await json_of(await desk.act(placed.entry_id, "reject", {}), 422)
    assert "reason_code" in no_body["error"]["fields"]

    body = {"reason_code": "contraindication", "note": "acute somatic illness"}
    rejected = await json_of(await desk.act(placed.entry_id, "reject", body))
    assert rejected["status"] == "rejected"
    await refused(await desk.act(placed.entry_id, "reject", body), "rejected")


async def test_reschedule_to_a_full_day_or_a_past_day_is_refused(desk, bureau):
    queue = await line_of(bureau, 7)
    day = bureau.today() + timedelta(days=1)
    await json_of(await desk.pull(day, 1))
    await json_of(await desk.pull(day + timedelta(days=1), 6))
    to_full = {
        "date": (day + timedelta(days=1)).isoformat(),
        "reason_code": "patient_request",
    }

    full = await desk.act(queue[0].entry_id, "reschedule", to_full)

    error = (await json_of(full, 409))["error"]
    assert (error["code"], error["free_beds"]) == ("no_free_beds", 0)
    assert error["date"] == to_full["date"]
    past = {
        "date": (bureau.today() - timedelta(days=1)).isoformat(),
        "reason_code": "other",
        "note": "x",
    }
    answer = await json_of(await desk.act(queue[0].entry_id, "reschedule", past), 422)
    assert "date" in answer["error"]["fields"]
    forced = {**to_full, "override_reason_code": "extra_bed"}
    moved = await json_of(await desk.act(queue[0].entry_id, "reschedule", forced))
    assert moved["scheduled_date"] == to_full["date"]
