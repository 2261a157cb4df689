"""The doctor changes the patient's contact: only what changed is sent,
with the version the doctor saw; a refusal is shown beside its field."""

from __future__ import annotations

from services.console.apis import ApiRefused
from services.console.entrypoints.contact import changed_contact
from tests.unit.console.browsing import csrf_of

PATIENT = {"phone": "+77011234567", "email": None, "language": "ru", "consent": True}
SAME = {"phone": "+77011234567", "email": "", "language": "ru", "consent": "yes"}


def test_only_what_changed_is_sent():
    assert changed_contact(SAME, PATIENT) == {}
    assert changed_contact({**SAME, "email": "a@example.kz"}, PATIENT) == {
        "email": "a@example.kz"
    }
    assert changed_contact({**SAME, "phone": "", "consent": ""}, PATIENT) == {
        "phone": None,
        "consent": False,
    }


async def test_a_changed_phone_is_sent_with_the_version_seen(console, signed_in, apis):
    apis.referrals_held["r-1"]["patient"].update(PATIENT)
    await signed_in()
    page = await (await console.get("/referrals/r-1?lang=en")).text()
    form = {"csrf": csrf_of(page), "version": "2", **SAME, "phone": "+77017654321"}
    answer = await console.post("/referrals/r-1/contact", data=form)
    assert "The patient&#39;s contact is changed." in await answer.text()
    edits = [call[2] for call in apis.calls if call[0] == "edit"]
    assert edits == [("r-1", {"patient": {"phone": "+77017654321"}}, "2")]


async def test_a_form_that_changes_nothing_sends_nothing(console, signed_in, apis):
    apis.referrals_held["r-1"]["patient"].update(PATIENT)
    await signed_in()
    page = await (await console.get("/referrals/r-1?lang=en")).text()
    answer = await console.post(
        "/referrals/r-1/contact", data={"csrf": csrf_of(page), "version": "2", **SAME}
    )
    assert "Nothing was changed." in await answer.text()
    assert not [call for call in apis.calls if call[0] == "edit"]


async def test_a_refused_phone_is_shown_beside_it(console, signed_in, apis):
    apis.refusals["edit"] = ApiRefused(
        422, "invalid_fields", "Not valid.", {"patient.phone": ["Not a mobile number."]}
    )
    await signed_in()
    page = await (await console.get("/referrals/r-1?lang=en")).text()
    answer = await console.post(
        "/referrals/r-1/contact",
        data={"csrf": csrf_of(page), "version": "2", **SAME, "phone": "123"},
    )
    shown = await answer.text()
    assert answer.status == 422
    assert 'id="contact-patient.phone-error">Not a mobile number.' in shown
    assert 'value="123"' in shown


async def test_the_tests_are_replaced_as_a_whole_list(console, signed_in, apis):
    apis.referrals_held["r-1"]["tests"] = [
        {"code": "ecg", "done_on": "2026-11-01", "valid_until": "2027-01-01"}
    ]
    await signed_in()
    page = await (await console.get("/referrals/r-1?lang=en")).text()
    assert 'name="tests.0.done_on" value="2026-11-01"' in page
    assert 'name="tests.1.code"' in page  # a row more for a new test
    form = {
        "csrf": csrf_of(page),
        "version": "2",
        "tests.0.code": "ecg",
        "tests.0.done_on": "2026-11-01",
        "tests.0.valid_until": "2027-01-01",
        "tests.1.code": "urinalysis",
        "tests.1.done_on": "2026-12-01",
        "tests.1.valid_until": "2027-01-15",
    }
    answer = await console.post("/referrals/r-1/tests", data=form)
    assert "The pre-admission tests are saved." in await answer.text()
    edits = [call[2] for call in apis.calls if call[0] == "edit"]
    assert [t["code"] for t in edits[0][1]["tests"]] == ["ecg", "urinalysis"]


async def test_a_lapsed_test_is_refused_beside_its_date(console, signed_in, apis):
    apis.refusals["edit"] = ApiRefused(
        422, "invalid_fields", "Not valid.", {"tests.0.valid_until": ["It has lapsed."]}
    )
    await signed_in()
    page = await (await console.get("/referrals/r-1?lang=en")).text()
    form = {
        "csrf": csrf_of(page),
        "version": "2",
        "tests.0.code": "ecg",
        "tests.0.done_on": "2026-01-01",
        "tests.0.valid_until": "2026-02-01",
    }
    answer = await console.post("/referrals/r-1/tests", data=form)
    shown = await answer.text()
    assert answer.status == 422
    assert 'id="tests-0-valid_until-error">It has lapsed.' in shown
