"""The hospital side's request schemas."""

from __future__ import annotations

import pytest
from marshmallow import ValidationError

from services.queue.hospital.entrypoints.schemas import (
    EmergencyRequest,
    NoteRequest,
    PullRequest,
    RejectRequest,
    RescheduleRequest,
)


def test_a_diagnosis_is_an_icd10_category_or_subcategory_in_dotted_form():
    body = {"iin": "791028302728", "bed_profile": "psychiatry"}
    assert EmergencyRequest().load({**body, "diagnosis": " f200 "})["diagnosis"] == (
        "F20.0"
    )
    for wrong in ("F", "Q99.9.9", "hello", ""):
        with pytest.raises(ValidationError) as caught:
            EmergencyRequest().load({**body, "diagnosis": wrong})
        assert "diagnosis" in caught.value.messages


def test_an_emergency_may_name_the_patient_in_letters_only():
    body = {"iin": "791028302728", "bed_profile": "psychiatry", "diagnosis": "F20.0"}
    assert EmergencyRequest().load(body)["full_name"] is None
    loaded = EmergencyRequest().load({**body, "full_name": " Асқар Жұмабаев "})
    assert loaded["full_name"] == "Асқар Жұмабаев"
    for wrong in ("", "Асқар 1", "Асқар\u0000", "a\ud800", "А" * 201):
        with pytest.raises(ValidationError) as caught:
            EmergencyRequest().load({**body, "full_name": wrong})
        assert "full_name" in caught.value.messages


def test_a_rejection_needs_a_known_code_and_a_note_for_other():
    assert RejectRequest().load({"reason_code": "duplicate"})["note"] is None
    with pytest.raises(ValidationError) as caught:
        RejectRequest().load({"reason_code": "other"})
    assert "note" in caught.value.messages
    with pytest.raises(ValidationError) as caught:
        RejectRequest().load({"reason_code": "bored", "note": "x"})
    assert "contraindication" in caught.value.messages["reason_code"][0]


def test_the_old_free_text_reason_is_refused_naming_the_code_and_its_values():
    with pytest.raises(ValidationError) as caught:
        RejectRequest().load({"reason": "ward closed"})
    message = caught.value.messages["reason"][0]
    assert "reason_code" in message and "no_beds_for_profile" in message
    with pytest.raises(ValidationError) as caught:
        RescheduleRequest().load({"date": "2026-11-10", "override_reason": "x"})
    message = caught.value.messages["override_reason"][0]
    assert "override_reason_code" in message and "extra_bed" in message
    with pytest.raises(ValidationError) as caught:
        NoteRequest().load({"reason": "recovered"})
    assert "note" in caught.value.messages["reason"][0]


def test_a_note_is_trimmed_and_never_blank_nor_too_long():
    assert NoteRequest().load({"note": "  came late  "})["note"] == "came late"
    for bad in ("   ", "x" * 501):
        with pytest.raises(ValidationError) as caught:
            NoteRequest().load({"note": bad})
        assert "note" in caught.value.messages


def test_a_pull_counts_at_least_one_and_at_most_fifty():
    body = {"bed_profile": "psychiatry", "date": "2026-11-10"}
    loaded = PullRequest().load({**body, "count": 50})
    assert loaded["override_reason_code"] is None and loaded["note"] is None
    for count in (0, 51):
        with pytest.raises(ValidationError):
            PullRequest().load({**body, "count": count})
