"""The patient's lookup and the referring doctor's answer show the maximum
wait, the deadline, the flag and, for an entry at risk, the shorter queues
of the same profile and region (never the patient's own hospital, never
another region), each with the patient's place there."""

from __future__ import annotations

from datetime import timedelta

from services.queue.guarantee.service_layer.doctors import (
    referral_alternatives,
    referral_positions,
)
from services.queue.patients.service_layer.views import patient_status, verify_patient
from tests.queue_builders import HOSPITAL
from tests.unit.queue.guarantee.scene import (
    MAX_DAYS,
    REFERRER,
    Scene,
    guaranteed_queue,
)
from tests.unit.queue.support import today


def lookup(setting, placed, language="en"):
    patients = setting.queue.patients
    entry = verify_patient(patients, placed.code, placed.iin)
    return patient_status(patients, entry, language)


async def test_an_entry_at_risk_is_offered_the_shorter_queue_nearby(setting):
    answer = lookup(setting, setting.late)
    found = answer["wait_guarantee"]
    deadline = today(setting.queue) + timedelta(days=MAX_DAYS)
    assert found["max_wait_days"] == MAX_DAYS
    assert found["deadline"] == deadline.isoformat()
    assert found["flag"] == "at_risk"
    assert found["days_over"] == 4
    assert answer["estimated_admission"]["latest"] > found["deadline"]
    [nearby] = found["alternatives"]
    assert nearby["facility_id"] == "KZ-75-R01"
    assert nearby["position"] == 1
    assert nearby["estimated_admission"]["latest"] < found["deadline"]
    assert nearby["name"] and "psychiatr" not in str(answer).lower()


async def test_an_entry_on_track_is_offered_nothing(setting):
    found = lookup(setting, setting.waiting[0])["wait_guarantee"]
    assert (found["flag"], found["days_over"], found["alternatives"]) == (
        "on_track",
        0,
        [],
    )


async def test_names_are_in_the_patients_language(setting):
    english = lookup(setting, setting.late, "en")["wait_guarantee"]
    russian = lookup(setting, setting.late, "ru")["wait_guarantee"]
    assert english["alternatives"][0]["name"] != russian["alternatives"][0]["name"]


async def test_without_a_pace_the_flag_is_unknown_until_the_deadline(clock):
    queue = guaranteed_queue(clock)
    placed = await queue.place()
    setting = Scene(queue, [placed])
    assert lookup(setting, placed)["wait_guarantee"]["flag"] == "unknown"
    clock.advance(days=MAX_DAYS + 2)
    found = lookup(setting, placed)["wait_guarantee"]
    assert (found["flag"], found["days_over"]) == ("in_breach", 2)


async def test_the_referring_doctor_sees_the_alternatives_whatever_the_flag(
    setting,
):
    third = setting.waiting[2]
    answer = await referral_alternatives(
        setting.guarantees, third.referral_id, REFERRER, "en"
    )
    assert answer is not None
    assert (answer["entry_id"], answer["facility_id"]) == (third.entry_id, HOSPITAL)
    assert answer["position"] == 3
    guarantee = answer["wait_guarantee"]
    assert guarantee["flag"] == "on_track"
    # Third here, first in the empty queue nearby: sooner there (the empty
    # one in another region is never offered); first here, no sooner there.
    assert [a["facility_id"] for a in guarantee["alternatives"]] == ["KZ-75-R01"]
    first = setting.waiting[0]
    same = await referral_alternatives(
        setting.guarantees, first.referral_id, REFERRER, "en"
    )
    assert same is not None and same["wait_guarantee"]["alternatives"] == []


async def test_another_facility_learns_nothing(setting):
    late = setting.late
    g = setting.guarantees
    assert await referral_alternatives(g, late.referral_id, "KZ-75-P02", "en") is None
    assert await referral_alternatives(g, "no-such-referral", REFERRER, "en") is None


async def test_the_referring_doctor_reads_the_places_of_a_page_at_once(setting):
    asked = [p.referral_id for p in setting.waiting[:3]] + ["no-such-referral"]
    answer = await referral_positions(setting.guarantees, asked, REFERRER)
    by_id = {item["referral_id"]: item for item in answer["items"]}
    assert set(by_id) == set(asked[:3])
    assert [by_id[i]["position"] for i in asked[:3]] == [1, 2, 3]
    assert {(i["status"], i["queue_length"]) for i in by_id.values()} == {
        ("waiting", 6)
    }
    foreign = await referral_positions(setting.guarantees, asked, "KZ-75-P02")
    assert foreign == {"items": []}
