"""The doctor registers a referral in the console: the form's fields become
the API's body (what was left empty left out); each field the API refuses
is shown beside it; the new referral's page tells its code and warnings."""

from __future__ import annotations

from services.console.apis import ApiRefused
from services.console.entrypoints.registration import referral_of
from tests.unit.console.browsing import csrf_of

FORM = {
    "patient.iin": "880315400128",
    "patient.phone": "+77011234567",
    "patient.email": "",
    "patient.language": "ru",
    "patient.consent": "yes",
    "facility_id": "KZ-75-M01",
    "bed_profile": "psychiatry",
    "stay": "round_the_clock",
    "diagnosis": "F32.1",
    "finance_source": "GOBMP",
    "priority": "planned",
    "priority_reason": "",
    "purpose": "treatment",
    "planned_date": "",
    "tests.0.code": "complete_blood_count",
    "tests.0.done_on": "2026-12-01",
    "tests.0.valid_until": "2027-01-30",
    "tests.1.code": "",
    "request_key": "key-1",
}


def test_the_form_becomes_the_apis_body_without_the_empty_fields():
    body = referral_of(FORM)
    assert body["patient"] == {
        "iin": "880315400128",
        "phone": "+77011234567",
        "language": "ru",
        "consent": True,
    }
    assert body["tests"] == [
        {
            "code": "complete_blood_count",
            "done_on": "2026-12-01",
            "valid_until": "2027-01-30",
        }
    ]
    assert "planned_date" not in body and "priority_reason" not in body


def test_an_unticked_consent_is_a_refusal_of_notifications():
    assert referral_of({**FORM, "patient.consent": ""})["patient"]["consent"] is False


async def test_the_form_offers_the_registrys_hospitals_in_the_doctors_language(
    console, signed_in
):
    await signed_in()
    page = await (await console.get("/referrals/new?lang=ru")).text()
    assert '<option value="KZ-75-M01">' in page
    assert 'name="patient.iin"' in page and 'for="patient-iin"' in page
    assert "общий анализ крови" in page


async def test_a_registered_referral_opens_with_its_code_and_warnings(
    console, signed_in, apis
):
    await signed_in()
    page = await (await console.get("/referrals/new?lang=en")).text()
    answer = await console.post("/referrals/new", data={**FORM, "csrf": csrf_of(page)})
    shown = await answer.text()
    assert str(answer.url).endswith("/referrals/r-2")
    assert "Referral 75-7K3M-Q9TX-R is registered." in shown
    assert "A test lapses before the referral does." in shown
    registered = [call for call in apis.calls if call[0] == "register"]
    assert registered[0][2][1] == "key-1"


async def test_a_refused_field_is_shown_beside_it_and_the_form_keeps_what_was_typed(
    console, signed_in, apis
):
    apis.refusals["register"] = ApiRefused(
        422,
        "invalid_fields",
        "Some fields are not valid.",
        {"patient.iin": ["Not a valid IIN."], "tests.0.note": ["Name the test."]},
    )
    await signed_in()
    page = await (await console.get("/referrals/new?lang=en")).text()
    answer = await console.post(
        "/referrals/new", data={**FORM, "patient.iin": "123", "csrf": csrf_of(page)}
    )
    shown = await answer.text()
    assert answer.status == 422
    assert '<p class="error" id="patient-iin-error">Not a valid IIN.</p>' in shown
    assert (
        'value="123" aria-invalid="true" aria-describedby="patient-iin-error"' in shown
    )
    assert "Name the test." in shown  # a field the form lacks: at the top
    assert 'value="key-1"' in shown  # the same request when sent again
