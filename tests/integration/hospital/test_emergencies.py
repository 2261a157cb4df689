"""Emergency admissions: the patient takes a bed at once; their open entry
for the profile at another hospital is closed as admitted elsewhere and its
followers move up; the admitting clerk learns how many entries were closed,
never which; the closing is logged with the clerk, announced by the bureau;
no event and no log record carries the diagnosis."""

from __future__ import annotations

import json
from datetime import timedelta

from tests.integration.hospital.support import ELSEWHERE, QUEUE, json_of, log_records
from tests.integration.queue.support import (
    START,
    make_iin,
    outbox_events,
    place,
    positions,
)

ELSEWHERE_QUEUE = f"{ELSEWHERE}:psychiatry"


async def line_of(bureau, count):
    return [
        await place(bureau, registered_at=START + timedelta(minutes=i))
        for i in range(count)
    ]


async def test_an_emergency_elsewhere_closes_the_open_entry_and_moves_followers_up(
    desk, bureau, client
):
    queue = await line_of(bureau, 5)
    patient = queue[1]
    other = desk.other(ELSEWHERE)

    answer = await json_of(await other.emergency(patient.iin, "f20.0"), 201)

    assert answer["queue_id"] == ELSEWHERE_QUEUE and answer["status"] == "admitted"
    assert answer["open_entries_closed"] == 1
    assert answer["free_beds_today"] == 3
    assert positions(bureau, queue) == [1, None, 2, 3, 4]
    lookup = await client.post("/v1/queue/lookup", json=patient.lookup_body())
    assert (await lookup.json())["status"] == "cancelled"
    [admitted] = await outbox_events(bureau, "queue.emergency_admitted")
    assert admitted["data"] == {
        "admission_id": answer["admission_id"],
        "facility_id": ELSEWHERE,
        "queue_id": ELSEWHERE_QUEUE,
        "actor": other.actor,
    }
    [closing] = await outbox_events(bureau, "queue.entry_cancelled")
    assert closing["data"]["entry_id"] == patient.entry_id
    assert (closing["data"]["reason_code"], closing["data"]["actor"]) == (
        "admitted_elsewhere",
        "system",
    )
    assert ELSEWHERE not in json.dumps(closing["data"])
    [logged] = await log_records(bureau, event_id=closing["event_id"])
    assert (logged["actor"], logged["reason_code"]) == (
        other.actor,
        "admitted_elsewhere",
    )
    milestones = await outbox_events(bureau, "queue.position_milestone")
    # 3 -> 2 was at position 3 already; 4 -> 3 reaches the milestone 3
    assert [e["data"]["entry_id"] for e in milestones] == [queue[3].entry_id]
    everything = json.dumps(
        [doc async for doc in bureau.db.outbox.find({}, {"_id": 0})], default=str
    ) + json.dumps([doc async for doc in bureau.db.queue_log.find()], default=str)
    # the full code: a bare "F20" can occur inside a random hospitalization code
    assert "F20.0" not in everything and patient.iin not in everything
    records = await log_records(bureau, event_type="queue.emergency_admitted")
    assert [(r["entry_id"], r["actor"]) for r in records] == [
        (answer["admission_id"], other.actor)
    ]
    stored = await bureau.db.emergency_admissions.find_one(
        {"_id": answer["admission_id"]}
    )
    assert stored["diagnosis"] == "F20.0"
    assert stored["closed_entry_ids"] == [patient.entry_id]


async def test_the_admitting_clerk_is_not_told_which_entries_elsewhere_were_closed(
    desk, bureau
):
    queue = await line_of(bureau, 2)
    patient = queue[0]
    response = await desk.other(ELSEWHERE).emergency(patient.iin)
    answer = await json_of(response, 201)
    shown = json.dumps(answer)
    for identifying in (patient.entry_id, patient.code, desk.facility, QUEUE):
        assert identifying not in shown
    assert answer["open_entries_closed"] == 1


async def test_an_open_entry_of_the_admitting_hospital_itself_counts_the_same(
    desk, bureau
):
    patient = await place(bureau)
    answer = await json_of(await desk.emergency(patient.iin), 201)
    assert answer["open_entries_closed"] == 1
    doc = await bureau.db.queue_entries.find_one({"_id": patient.entry_id})
    assert doc["status"] == "cancelled"


async def test_closing_a_scheduled_entry_frees_its_booked_bed(desk, bureau):
    queue = await line_of(bureau, 2)
    day = bureau.today() + timedelta(days=2)
    await json_of(await desk.pull(day, 1))
    listed = await json_of(await desk.list(day, bed_profile="psychiatry"))
    assert listed["beds"]["free"] == 5

    answer = await json_of(await desk.other(ELSEWHERE).emergency(queue[0].iin), 201)

    assert answer["open_entries_closed"] == 1
    doc = await bureau.db.queue_entries.find_one({"_id": queue[0].entry_id})
    assert doc["status"] == "cancelled"
    listed = await json_of(await desk.list(day, bed_profile="psychiatry"))
    assert listed["beds"]["free"] == 6 and listed["scheduled"] == []


async def test_an_emergency_here_occupies_a_bed_until_discharged(desk, bureau):
    iin = make_iin()
    answer = await json_of(await desk.emergency(iin, "F10.2"), 201)
    assert answer["open_entries_closed"] == 0 and answer["free_beds_today"] == 5
    [event] = await outbox_events(bureau, "queue.emergency_admitted")
    assert "closed_entry_id" not in event["data"]
    line = bureau.book.line(QUEUE)
    assert line.admitted == 1 and sum(line.admissions.values()) == 0

    again = await json_of(await desk.emergency(iin), 409)
    assert again["error"]["code"] == "already_admitted"
    assert again["error"]["admitted_entry_id"] == answer["admission_id"]

    done = await json_of(await desk.act(answer["admission_id"], "discharge"))
    assert (done["status"], done["kind"]) == ("discharged", "emergency")
    listed = await json_of(await desk.list(bed_profile="psychiatry"))
    assert listed["beds"]["occupied"] == 0
    await json_of(await desk.emergency(iin), 201)


async def test_an_emergency_retried_with_its_key_is_one_admission(desk, bureau):
    iin = make_iin()
    first = await json_of(await desk.emergency(iin, key="em-1"), 201)
    retry = await desk.emergency(iin, key="em-1")
    assert await json_of(retry, 201) == first
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert len(await outbox_events(bureau, "queue.emergency_admitted")) == 1
    other = await json_of(await desk.emergency(make_iin(), key="em-1"), 422)
    assert other["error"]["code"] == "idempotency_key_reused"


async def test_emergency_input_is_checked(desk, bureau):
    cases = [
        ({"diagnosis": "X99.99"}, "diagnosis"),
        ({"diagnosis": "not a code"}, "diagnosis"),
        ({"iin": "123456789012"}, "iin"),
        ({"bed_profile": "astrology"}, "bed_profile"),
        ({"ward": "3"}, "ward"),
    ]
    base = {"iin": make_iin(), "bed_profile": "psychiatry", "diagnosis": "F20.0"}
    for change, field in cases:
        response = await desk.client.post(
            "/v1/emergency-admissions", json={**base, **change}, headers=desk.headers()
        )
        assert field in (await json_of(response, 422))["error"]["fields"], change
    lacking = await desk.emergency(make_iin(), profile="cardiology")
    assert (await json_of(lacking, 404))["error"]["code"] == "not_found"
    assert await outbox_events(bureau) == []
