"""POST /v1/emergency-admissions over HTTP: the 201 answer (how many open
entries were closed, never which), the diagnosis as the admission record on
Mongo keeps it, 409 already_admitted, Idempotency-Key with its headers, and
the input refused (what an emergency admission does:
tests/unit/queue/hospital/test_emergencies.py)."""

from __future__ import annotations

import json
from datetime import timedelta

from services.queue.hospital.entrypoints.responses import EmergencyAnswer
from shared.http.app import REGISTRY
from tests.factories import iin_aged, random_iin
from tests.integration.hospital.support import json_of
from tests.integration.queue.support import outbox_events, place, positions
from tests.queue_builders import ELSEWHERE, QUEUE, START


async def test_the_admitting_clerk_is_not_told_which_entries_elsewhere_were_closed(
    desk, bureau
):
    queue = [
        await place(bureau, registered_at=START + timedelta(minutes=i))
        for i in range(2)
    ]
    patient = queue[0]
    response = await desk.other(ELSEWHERE).emergency(patient.iin, "f20.0")
    answer = await json_of(response, 201)
    assert set(answer) == set(EmergencyAnswer().fields)
    shown = json.dumps(answer)
    for identifying in (patient.entry_id, patient.code, desk.facility, QUEUE):
        assert identifying not in shown
    assert answer["open_entries_closed"] == 1
    assert positions(bureau, queue) == [None, 1]
    stored = await bureau.db.emergency_admissions.find_one(
        {"_id": answer["admission_id"]}
    )
    assert stored["diagnosis"] == "F20.0"
    assert stored["closed_entry_ids"] == [patient.entry_id]


async def test_a_patient_admitted_here_is_not_admitted_twice(desk):
    iin = random_iin()
    answer = await json_of(await desk.emergency(iin), 201)

    again = await json_of(await desk.emergency(iin), 409)

    assert again["error"]["code"] == "already_admitted"
    assert again["error"]["admitted_entry_id"] == answer["admission_id"]
    done = await json_of(await desk.act(answer["admission_id"], "discharge"))
    assert (done["status"], done["kind"]) == ("discharged", "emergency")
    await json_of(await desk.emergency(iin), 201)


async def test_an_emergency_retried_with_its_key_is_one_admission(desk, bureau):
    iin = random_iin()
    first = await json_of(await desk.emergency(iin, key="em-1"), 201)
    retry = await desk.emergency(iin, key="em-1")
    assert await json_of(retry, 201) == first
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert len(await outbox_events(bureau, "queue.emergency_admitted")) == 1
    other = await json_of(await desk.emergency(random_iin(), key="em-1"), 422)
    assert other["error"]["code"] == "idempotency_key_reused"


async def test_emergency_input_is_checked(desk, bureau):
    cases = [
        ({"diagnosis": "X99.99"}, "diagnosis"),
        ({"diagnosis": "not a code"}, "diagnosis"),
        ({"iin": "123456789012"}, "iin"),
        ({"bed_profile": "astrology"}, "bed_profile"),
        ({"ward": "3"}, "ward"),
    ]
    base = {"iin": random_iin(), "bed_profile": "psychiatry", "diagnosis": "F20.0"}
    for change, field in cases:
        response = await desk.client.post(
            "/v1/emergency-admissions", json={**base, **change}, headers=desk.headers()
        )
        assert field in (await json_of(response, 422))["error"]["fields"], change
    lacking = await desk.emergency(random_iin(), profile="cardiology")
    assert (await json_of(lacking, 404))["error"]["code"] == "not_found"
    assert await outbox_events(bureau) == []


async def test_a_patient_the_beds_do_not_admit_is_a_422_naming_the_bed_profile(
    desk, bureau
):
    child = iin_aged(15, START.date())
    response = await desk.emergency(child)
    error = (await json_of(response, 422))["error"]
    assert (error["status"], error["code"]) == (422, "validation_failed")
    assert error["fields"] == {
        "bed_profile": [
            "This bed profile admits patients aged 18 and over at this hospital; "
            "this patient is 15."
        ]
    }
    assert child not in await response.text()
    assert await outbox_events(bureau) == []
    assert await bureau.db.emergency_admissions.count_documents({}) == 0


async def test_the_patients_page_names_the_admitting_hospital_on_every_replica(
    client, desk, bureau, start_replica
):
    patient = await place(bureau)
    await json_of(await desk.other(ELSEWHERE).emergency(patient.iin), 201)
    stored = await bureau.db.queue_entries.find_one({"_id": patient.entry_id})
    assert stored["admitting_facility_id"] == ELSEWHERE
    later = await start_replica()  # its book rebuilt from the store
    admitting = bureau.app[REGISTRY].get(ELSEWHERE)
    assert admitting is not None
    for replica in (client, later):
        response = await replica.post("/v1/queue/lookup", json=patient.lookup_body())
        answer = await json_of(response)
        assert (answer["status"], answer["reason_code"]) == (
            "cancelled",
            "admitted_elsewhere",
        )
        assert answer["hospital"]["name"] == admitting.name_in("en")
        assert answer["cancellable"] is False
    events = await outbox_events(bureau, entry_id=patient.entry_id)
    assert events and ELSEWHERE not in json.dumps(events, default=str)
