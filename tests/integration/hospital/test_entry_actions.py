"""Admit, no-show, reject, reschedule and discharge through the API: each a
transition with its event and log record (the clerk and the reason code), the
beds and the followers' positions after it; an impossible one is 409 with
the entry's current status and changes nothing."""

from __future__ import annotations

from datetime import timedelta

from tests.integration.hospital.support import QUEUE, json_of, log_records
from tests.integration.queue.support import START, outbox_events, place, positions


async def line_of(bureau, count):
    return [
        await place(bureau, registered_at=START + timedelta(minutes=i))
        for i in range(count)
    ]


async def beds_on(desk, day):
    listed = await json_of(await desk.list(day, bed_profile="psychiatry"))
    return listed["beds"]


async def last_event(bureau, event_type, entry_id):
    found = await outbox_events(bureau, event_type, entry_id=entry_id)
    assert found, f"no {event_type} for {entry_id}"
    return found[-1]["data"]


async def refused(response, status):
    body = await json_of(response, 409)
    assert body["error"]["current_status"] == status
    return body["error"]


async def test_admit_occupies_the_bed_and_discharge_frees_it(desk, bureau, client):
    first, second = await line_of(bureau, 2)
    today = bureau.today()
    await json_of(await desk.pull(today, 1))
    assert await beds_on(desk, today) == {
        "total": 6,
        "occupied": 0,
        "booked": 1,
        "free": 5,
        "booked_beyond_beds": 0,
    }

    admitted = await json_of(
        await client.post(f"/v1/entries/{first.entry_id}/admit", headers=desk.headers())
    )
    assert (admitted["status"], admitted["version"]) == ("admitted", 3)
    data = await last_event(bureau, "queue.patient_admitted", first.entry_id)
    assert (data["actor"], data["status"]) == (desk.actor, "admitted")
    beds = await beds_on(desk, today)
    assert (beds["occupied"], beds["booked"], beds["free"]) == (1, 0, 5)
    tomorrow = (await beds_on(desk, today + timedelta(days=1)))["free"]
    assert tomorrow == 5
    assert positions(bureau, [second]) == [1]
    await refused(await desk.act(first.entry_id, "admit"), "admitted")

    discharged = await json_of(
        await desk.act(first.entry_id, "discharge", {"note": "recovered"})
    )
    assert discharged["status"] == "discharged"
    assert [n["note"] for n in discharged["notes"]] == ["recovered"]
    data = await last_event(bureau, "queue.patient_discharged", first.entry_id)
    assert (data["actor"], data["reason_code"]) == (desk.actor, None)
    assert "recovered" not in str(data)
    assert (await beds_on(desk, today))["free"] == 6
    records = await log_records(bureau, entry_id=first.entry_id)
    assert [(r["event_type"], r["actor"]) for r in records[1:]] == [
        ("queue.admission_scheduled", desk.actor),
        ("queue.patient_admitted", desk.actor),
        ("queue.patient_discharged", desk.actor),
    ]
    await refused(await desk.act(first.entry_id, "discharge"), "discharged")
    await refused(await desk.act(second.entry_id, "discharge"), "waiting")


async def test_a_first_no_show_returns_the_patient_to_their_place_a_second_cancels(
    desk, bureau, clock
):
    queue = await line_of(bureau, 3)
    tomorrow = bureau.today() + timedelta(days=1)
    await json_of(await desk.pull(tomorrow, 1))

    early = await json_of(await desk.act(queue[0].entry_id, "no-show"), 409)
    assert early["error"]["code"] == "not_due"
    assert early["error"]["current_status"] == "scheduled"
    clock.advance(days=1)
    back = await json_of(
        await desk.act(queue[0].entry_id, "no-show", {"note": "did not come"})
    )
    assert (back["status"], back["position"]) == ("waiting", 1)
    assert positions(bureau, queue) == [1, 2, 3]
    data = await last_event(bureau, "queue.no_show", queue[0].entry_id)
    assert (data["returned_to_waiting"], data["actor"]) == (True, desk.actor)
    assert (await beds_on(desk, tomorrow))["booked"] == 0

    await json_of(await desk.pull(bureau.today(), 1))
    closed = await json_of(await desk.act(queue[0].entry_id, "no-show"))
    assert closed["status"] == "cancelled"
    data = await last_event(bureau, "queue.no_show", queue[0].entry_id)
    assert data["reason_code"] == "second_no_show"
    assert positions(bureau, queue) == [None, 1, 2]
    await refused(await desk.act(queue[0].entry_id, "no-show"), "cancelled")


async def test_reject_with_a_documented_reason_moves_the_followers_up(desk, bureau):
    queue = await line_of(bureau, 3)
    missing_text = await json_of(
        await desk.act(queue[0].entry_id, "reject", {"reason_code": "other"}), 422
    )
    assert "note" in missing_text["error"]["fields"]
    words = await json_of(
        await desk.act(queue[0].entry_id, "reject", {"reason": "acute illness"}), 422
    )
    assert "reason_code" in words["error"]["fields"]["reason"][0]
    unknown = await json_of(
        await desk.act(queue[0].entry_id, "reject", {"reason_code": "tired"}), 422
    )
    assert "reason_code" in unknown["error"]["fields"]
    no_body = await json_of(await desk.act(queue[0].entry_id, "reject", {}), 422)
    assert "reason_code" in no_body["error"]["fields"]

    body = {"reason_code": "contraindication", "note": "acute somatic illness"}
    rejected = await json_of(await desk.act(queue[0].entry_id, "reject", body))
    assert rejected["status"] == "rejected"
    data = await last_event(bureau, "queue.entry_rejected", queue[0].entry_id)
    assert data["reason_code"] == "contraindication" and "reason" not in data
    assert positions(bureau, queue) == [None, 1, 2]
    [record] = await log_records(
        bureau, entry_id=queue[0].entry_id, event_type="queue.entry_rejected"
    )
    assert (record["actor"], record["reason_code"]) == (desk.actor, "contraindication")
    assert "acute" not in str(record)
    await refused(await desk.act(queue[0].entry_id, "reject", body), "rejected")
    await refused(await desk.act(queue[0].entry_id, "admit"), "rejected")


async def test_reschedule_moves_the_booking_and_respects_the_free_beds(desk, bureau):
    queue = await line_of(bureau, 8)
    day = bureau.today() + timedelta(days=1)
    full_day = day + timedelta(days=1)
    await json_of(await desk.pull(day, 1))
    await json_of(await desk.pull(full_day, 6))

    moved = await json_of(
        await desk.act(
            queue[0].entry_id,
            "reschedule",
            {
                "date": (day + timedelta(days=3)).isoformat(),
                "reason_code": "patient_request",
                "note": "asked",
            },
        )
    )
    assert moved["scheduled_date"] == (day + timedelta(days=3)).isoformat()
    assert (await beds_on(desk, day))["booked"] == 0
    assert (await beds_on(desk, day + timedelta(days=3)))["booked"] == 1
    data = await last_event(bureau, "queue.admission_scheduled", queue[0].entry_id)
    assert (data["reason_code"], data["actor"]) == ("patient_request", desk.actor)

    to_full = {"date": full_day.isoformat(), "reason_code": "patient_request"}
    full = await json_of(await desk.act(queue[0].entry_id, "reschedule", to_full), 409)
    assert (full["error"]["code"], full["error"]["free_beds"]) == ("no_free_beds", 0)
    forced = await json_of(
        await desk.act(
            queue[0].entry_id,
            "reschedule",
            {**to_full, "override_reason_code": "extra_bed"},
        )
    )
    assert forced["scheduled_date"] == full_day.isoformat()
    [*_, record] = await log_records(bureau, entry_id=queue[0].entry_id)
    assert record["reason_code"] == "patient_request"
    assert record["details"]["override_reason_code"] == "extra_bed"
    assert (await beds_on(desk, full_day))["booked_beyond_beds"] == 1

    past = {
        "date": (bureau.today() - timedelta(days=1)).isoformat(),
        "reason_code": "other",
        "note": "x",
    }
    assert (
        "date"
        in (await json_of(await desk.act(queue[0].entry_id, "reschedule", past), 422))[
            "error"
        ]["fields"]
    )
    await refused(
        await desk.act(queue[7].entry_id, "reschedule", {**to_full}), "waiting"
    )


async def test_admitting_a_cancelled_entry_is_refused_with_its_state(
    desk, bureau, client
):
    placed = await place(bureau)
    cancelled = await client.post(
        "/v1/queue/cancel",
        json={**placed.lookup_body(), "reason_code": "no_longer_needed"},
    )
    assert cancelled.status == 200
    error = await refused(await desk.act(placed.entry_id, "admit"), "cancelled")
    assert error["code"] == "invalid_transition"
    doc = await bureau.db.queue_entries.find_one({"_id": placed.entry_id})
    assert (doc["status"], doc["version"]) == ("cancelled", 2)


async def test_a_patient_leaving_a_scheduled_admission_frees_the_booked_bed(
    desk, bureau, client
):
    placed = await place(bureau)
    day = bureau.today() + timedelta(days=2)
    await json_of(await desk.pull(day, 1))
    assert (await beds_on(desk, day))["free"] == 5
    body = {**placed.lookup_body(), "reason_code": "treated_elsewhere"}
    assert (await client.post("/v1/queue/cancel", json=body)).status == 200
    assert (await beds_on(desk, day))["free"] == 6
    listed = await json_of(await desk.list(day, bed_profile="psychiatry"))
    assert listed["scheduled"] == [] and listed["queue_id"] == QUEUE
