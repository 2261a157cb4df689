"""The hospital side's request schemas."""

from __future__ import annotations

import pytest
from marshmallow import ValidationError

from services.queue.entrypoints.hospital_schemas import (
    EmergencyRequest,
    PullRequest,
    RejectRequest,
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


def test_a_rejection_needs_a_known_code_and_text_for_other():
    assert RejectRequest().load({"reason_code": "duplicate"})["reason"] is None
    with pytest.raises(ValidationError) as caught:
        RejectRequest().load({"reason_code": "other"})
    assert "reason" in caught.value.messages
    with pytest.raises(ValidationError):
        RejectRequest().load({"reason_code": "bored", "reason": "x"})


def test_a_pull_counts_at_least_one_and_at_most_fifty():
    body = {"bed_profile": "psychiatry", "date": "2026-11-10"}
    assert PullRequest().load({**body, "count": 50})["override_reason"] is None
    for count in (0, 51):
        with pytest.raises(ValidationError):
            PullRequest().load({**body, "count": count})
