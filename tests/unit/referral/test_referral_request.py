"""The request's shape: each field rule with a good and a bad case."""

from __future__ import annotations

from typing import Any

import pytest
from marshmallow import ValidationError

from services.referral.entrypoints.schemas import CancelIn, ListQuery, ReferralIn
from shared.hospitalization_code import new_code
from shared.http.errors import flatten_messages
from tests.unit.referral.factories import referral_body, with_patient


def errors_of(body: dict[str, Any]) -> dict[str, list[str]]:
    try:
        ReferralIn().load(body)
    except ValidationError as exc:
        return flatten_messages(exc.messages)
    return {}


def test_a_complete_referral_loads():
    loaded = ReferralIn().load(referral_body())
    assert loaded["purpose"] == "treatment"
    assert loaded["planned_date"] is None


@pytest.mark.parametrize(
    ("iin", "ok"),
    [
        ("791028302728", True),
        ("061211600012", True),
        (" 791028302728 ", True),
        ("123456789012", False),
        ("791028302729", False),  # check digit
        ("791328302728", False),  # month 13
        ("791028702728", False),  # century digit 7
        ("79102830272", False),
        ("79102830272a", False),
    ],
)
def test_iin(iin, ok):
    errors = errors_of(with_patient(referral_body(), iin=iin))
    assert ("patient.iin" not in errors) is ok, errors


@pytest.mark.parametrize(
    ("phone", "stored"),
    [
        ("+77012345678", "+77012345678"),
        ("8 (747) 123-45-67", "+77471234567"),
        ("+7 701 234 56 78", "+77012345678"),
    ],
)
def test_a_kazakhstan_mobile_number_is_stored_in_e164(phone, stored):
    loaded = ReferralIn().load(with_patient(referral_body(), phone=phone))
    assert loaded["patient"]["phone"] == stored


@pytest.mark.parametrize(
    "phone",
    ["+77272555555", "+79161234567", "+7701234567", "call me", "+1 202 555 0100"],
)
def test_a_landline_foreign_or_broken_number_is_refused(phone):
    assert "patient.phone" in errors_of(with_patient(referral_body(), phone=phone))


def test_email_syntax():
    assert errors_of(with_patient(referral_body(), email="a.b@clinic.kz")) == {}
    errors = errors_of(with_patient(referral_body(), email="not-an-address"))
    assert "patient.email" in errors


def test_phone_or_email_is_enough_but_one_is_needed():
    assert errors_of(with_patient(referral_body(), phone=None)) == {}
    assert errors_of(with_patient(referral_body(), email=...)) == {}
    errors = errors_of(with_patient(referral_body(), phone=None, email=None))
    assert "patient.phone" in errors


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("F20.0", "F20.0"), ("f200", "F20.0"), ("I10", "I10"), ("F10.2", "F10.2")],
)
def test_diagnosis_is_a_real_icd10_code(typed, stored):
    assert ReferralIn().load(referral_body(diagnosis=typed))["diagnosis"] == stored


@pytest.mark.parametrize("code", ["F20.09", "XX", "A00-A09", "Q99.99", "F2O.0", ""])
def test_a_diagnosis_not_in_icd10_is_refused(code):
    assert "diagnosis" in errors_of(referral_body(diagnosis=code))


def test_unknown_fields_are_refused_at_every_level():
    assert "referring_facility_id" in errors_of(
        referral_body(referring_facility_id="KZ-75-P02")
    )
    assert "patient.name" in errors_of(with_patient(referral_body(), name="Aigerim"))
    body = referral_body()
    body["tests"][0]["lab"] = "Invivo"
    assert "tests.0.lab" in errors_of(body)


@pytest.mark.parametrize("when", ["02.03.2026", "2026-3-2x", "tomorrow", "2026-02-30"])
def test_dates_are_iso_8601(when):
    assert "planned_date" in errors_of(referral_body(planned_date=when))
    assert errors_of(referral_body(planned_date="2026-03-02")) == {}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("stay", "weekend"),
        ("finance_source", "cash"),
        ("priority", "vip"),
        ("purpose", "tourism"),
        ("patient.language", "de"),
    ],
)
def test_choices_are_closed(name, value):
    if name.startswith("patient."):
        body = with_patient(referral_body(), language=value)
    else:
        body = referral_body(**{name: value})
    assert name in errors_of(body)


def test_required_fields_are_named():
    errors = errors_of({})
    for name in ("patient", "facility_id", "bed_profile", "stay", "diagnosis"):
        assert name in errors


def test_cancel_needs_a_reason_code_and_a_note_only_for_other():
    loaded = CancelIn().load({"reason_code": "duplicate", "note": " seen twice "})
    assert (loaded["reason_code"], loaded["note"]) == ("duplicate", "seen twice")
    assert CancelIn().load({"reason_code": "patient_request"})["note"] is None
    for bad, field in (
        ({}, "reason_code"),
        ({"reason_code": "bored"}, "reason_code"),
        ({"reason_code": "other"}, "note"),
        ({"reason_code": "other", "note": "  "}, "note"),
        ({"reason_code": "duplicate", "extra": 1}, "extra"),
    ):
        with pytest.raises(ValidationError) as caught:
            CancelIn().load(bad)
        assert field in caught.value.messages, bad


def test_an_old_free_text_cancel_reason_is_told_to_use_a_code():
    with pytest.raises(ValidationError) as caught:
        CancelIn().load({"reason": "patient asked"})
    message = caught.value.messages["reason"][0]
    assert "reason_code" in message and "entered_in_error" in message


def test_a_test_is_named_by_its_code_and_other_needs_a_note():
    test = referral_body()["tests"][0]
    assert "tests.0.code" in errors_of(referral_body(tests=[{**test, "code": "x"}]))
    other = {**test, "code": "other"}
    assert "tests.0.note" in errors_of(referral_body(tests=[other]))
    named = {**other, "note": "thyroid panel"}
    assert errors_of(referral_body(tests=[named])) == {}
    old = {k: v for k, v in test.items() if k != "code"} | {"name": "ECG"}
    assert {"tests.0.code", "tests.0.name"} <= set(
        errors_of(referral_body(tests=[old]))
    )


def test_list_query_reads_a_loosely_typed_code():
    code = new_code("75")
    loaded = ListQuery().load({"code": code.lower().replace("-", "")})
    assert loaded["code"] == code
    assert (loaded["page"], loaded["page_size"]) == (1, 20)
    mistyped = code[:-1] + ("X" if code[-1] != "X" else "Y")  # never the same code
    for bad in (
        {"code": mistyped},
        {"status": "lost"},
        {"page": "0"},
        {"x": "1"},
    ):
        with pytest.raises(ValidationError):
            ListQuery().load(bad)
