"""A hospital sees and changes only its own, over HTTP: another hospital's
entry answers 404 as an entry that does not exist (never 403), the token's
hospital is the one listed and pulled, a hospital without the profile gets
404, and other roles 403 (that an entry in any state is not found and
nothing changes: tests/unit/queue/hospital/test_other_hospital.py)."""

from __future__ import annotations

from datetime import timedelta

from tests.factories import bearer, random_iin
from tests.integration.hospital.support import json_of
from tests.integration.queue.support import place, positions
from tests.queue_builders import ELSEWHERE, NARCOLOGY_ONLY, START

ACTIONS = {
    "admit": {},
    "no-show": {},
    "reject": {"reason_code": "duplicate", "note": "seen twice"},
    "reschedule": {"date": None, "reason_code": "patient_request"},
    "discharge": {},
}


def body_for(action, day):
    body = dict(ACTIONS[action])
    if "date" in body:
        body["date"] = day.isoformat()
    return body


async def test_another_hospitals_entry_answers_as_a_missing_one(desk, bureau):
    waiting = await place(bureau)
    today = bureau.today()
    intruder = desk.other(ELSEWHERE)

    for action in ACTIONS:
        response = await intruder.act(waiting.entry_id, action, body_for(action, today))
        answer = await json_of(response, 404)
        missing = await intruder.act("f" * 32, action, body_for(action, today))
        assert answer == await json_of(missing, 404), action

    doc = await bureau.db.queue_entries.find_one({"_id": waiting.entry_id})
    assert (doc["status"], doc["version"]) == ("waiting", 1)
    assert positions(bureau, [waiting]) == [1]


async def test_another_hospital_lists_and_pulls_only_its_own_queue(desk, bureau):
    ours = [
        await place(bureau, registered_at=START + timedelta(minutes=i))
        for i in range(3)
    ]
    theirs = await place(bureau, queue=(ELSEWHERE, "psychiatry"))
    day = bureau.today() + timedelta(days=1)
    await json_of(await desk.pull(day, 1))
    intruder = desk.other(ELSEWHERE)

    listed = await json_of(await intruder.list(day, bed_profile="psychiatry"))
    assert listed["queue_id"] == f"{ELSEWHERE}:psychiatry"
    assert listed["scheduled"] == []
    assert [r["entry_id"] for r in listed["waiting"]["head"]] == [theirs.entry_id]
    pulled = await json_of(await intruder.pull(day, 5))
    assert [r["entry_id"] for r in pulled["scheduled"]] == [theirs.entry_id]
    assert positions(bureau, ours) == [None, 1, 2]


async def test_a_hospital_without_the_profile_finds_no_such_queue(desk, bureau):
    await place(bureau)
    day = bureau.today()
    narcology = desk.other(NARCOLOGY_ONLY)
    for response in (
        await narcology.list(day, bed_profile="psychiatry"),
        await narcology.pull(day, 1),
        await narcology.emergency(random_iin()),
    ):
        answer = await json_of(response, 404)
        assert answer["error"] == {
            "status": 404,
            "code": "not_found",
            "message": "This hospital has no psychiatry beds.",
        }


async def test_other_roles_are_forbidden_and_tokens_required(desk, client):
    doctor = bearer(desk.settings, "doctor", "KZ-75-P01")
    calls = [
        ("GET", "/v1/admissions?bed_profile=psychiatry"),
        ("POST", "/v1/admissions/pull"),
        ("POST", "/v1/entries/abc/admit"),
        ("POST", "/v1/emergency-admissions"),
    ]
    for method, url in calls:
        anonymous = await client.request(method, url, json={})
        assert anonymous.status == 401, url
        forbidden = await client.request(method, url, json={}, headers=doctor)
        assert forbidden.status == 403, url
