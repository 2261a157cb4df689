"""A referral's patient must be one the hospital's beds of the profile admit
(the registry's age range and sex, from the IIN), on the registration day in
Kazakhstan: otherwise a 422 naming ``bed_profile`` that says the rule and the
patient's age or sex, never the IIN, and nothing is written."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from tests.factories import iin_aged, iin_of
from tests.unit.referral.factories import referral_body, with_patient


def body_for(iin: str, **target: Any) -> dict[str, Any]:
    return with_patient(referral_body(**target), iin=iin)


async def refusal(client: Any, auth: Any, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post("/v1/referrals", json=body, headers=auth())
    assert response.status == 422, await response.text()
    text = await response.text()
    assert body["patient"]["iin"] not in text and body["patient"]["iin"][:6] not in text
    return dict((await response.json())["error"])


async def registered(client: Any, auth: Any, body: dict[str, Any]) -> None:
    response = await client.post("/v1/referrals", json=body, headers=auth())
    assert response.status == 201, await response.text()


async def test_a_child_is_refused_adult_psychiatry_naming_the_bed_profile(
    client, auth, uow
):
    error = await refusal(client, auth, body_for(iin_aged(15, date.today())))
    assert error["code"] == "validation_failed"
    assert error["fields"] == {
        "bed_profile": [
            "This bed profile admits patients aged 18 and over at this hospital; "
            "this patient is 15."
        ]
    }
    assert uow.commits == 0 and uow.store.outbox == []
    listing = await (await client.get("/v1/referrals", headers=auth())).json()
    assert listing["items"] == []


async def test_gynecology_admits_women_only(client, auth, uow):
    target = {"facility_id": "KZ-75-H01", "bed_profile": "gynecology"}
    man, woman = iin_aged(40, date.today()), iin_aged(40, date.today(), "female")
    error = await refusal(client, auth, body_for(man, **target, diagnosis="N80.0"))
    assert error["fields"]["bed_profile"] == [
        "This bed profile admits only female patients at this hospital."
    ]
    assert uow.commits == 0
    await registered(client, auth, body_for(woman, **target, diagnosis="N80.0"))


async def test_a_childrens_hospital_admits_children_to_each_of_its_profiles(
    client, auth
):
    child, adult = iin_aged(9, date.today()), iin_aged(30, date.today())
    for profile in ("pediatrics", "surgery"):
        target = {"facility_id": "KZ-75-H02", "bed_profile": profile}
        await registered(client, auth, body_for(child, **target, diagnosis="K35.8"))
        error = await refusal(client, auth, body_for(adult, **target))
        assert "admits patients under 18" in error["fields"]["bed_profile"][0]
    adults_surgery = {"facility_id": "KZ-75-H01", "bed_profile": "surgery"}
    error = await refusal(client, auth, body_for(child, **adults_surgery))
    assert "this patient is 9." in error["fields"]["bed_profile"][0]


async def test_the_age_counts_on_the_registration_day_in_kazakhstan(client, auth, deps):
    """At 20:00 UTC on 14 June it is already 15 June in Almaty: the
    patient's 18th birthday, though not yet on the machine's UTC date."""
    deps.clock = lambda: datetime(2026, 6, 14, 20, 0, tzinfo=UTC)
    turning_18 = body_for(iin_of(date(2008, 6, 15)), tests=[])
    await registered(client, auth, turning_18)
    deps.clock = lambda: datetime(2026, 6, 14, 17, 30, tzinfo=UTC)
    not_yet = body_for(iin_of(date(2008, 6, 15)), tests=[])
    error = await refusal(client, auth, not_yet)
    assert error["fields"]["bed_profile"][0].endswith("this patient is 17.")


async def test_an_unknown_target_is_refused_as_such_not_as_the_patients_age(
    client, auth
):
    child = iin_aged(15, date.today())
    error = await refusal(client, auth, body_for(child, facility_id="KZ-75-H01"))
    assert error["fields"]["bed_profile"] == ["KZ-75-H01 has no psychiatry beds."]
    error = await refusal(client, auth, body_for(child, facility_id="KZ-75-P01"))
    assert "bed_profile" not in error["fields"]
