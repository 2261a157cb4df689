"""What an edit of a referral may change (``domain/edits.py``): only an
active referral, only a real change, named by field (never by value), as the
referral's next version."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.referral.domain.edits import (
    Edit,
    NotEditable,
    NothingChanged,
    PriorityChange,
    VersionMoved,
    apply_edit,
    check_version,
)
from services.referral.domain.model import PreAdmissionTest, Status
from tests.unit.referral.factories import T0, a_referral

AT = T0 + timedelta(days=3)
NEW_TESTS = (PreAdmissionTest("ecg", date(2026, 3, 4), date(2026, 9, 1), None),)


def test_new_tests_are_the_next_version_named_in_the_history():
    referral = a_referral()
    changed = apply_edit(referral, Edit("doctor:dr-aliya", AT, tests=NEW_TESTS))
    assert changed == ("tests",)
    assert (referral.tests, referral.version) == (NEW_TESTS, 2)
    step = referral.history[-1]
    assert (step.status, step.action, step.changed, step.at) == (
        Status.REGISTERED,
        "edited",
        ("tests",),
        AT,
    )


def test_the_patient_changes_only_in_the_fields_given():
    referral = a_referral()
    edit = Edit("doctor:x", AT, patient={"language": "ru", "phone": None})
    changed = apply_edit(referral, edit)
    assert changed == ("patient.phone", "patient.language")
    assert (referral.patient.language, referral.patient.phone) == ("ru", None)
    assert referral.patient.consent is True
    assert "ru" not in str(referral.history[-1])


def test_a_priority_change_carries_its_reason_code():
    referral = a_referral()
    change = PriorityChange("urgent", "psychosis worsened", "condition_worsened")
    changed = apply_edit(referral, Edit("doctor:x", AT, priority=change))
    assert changed == ("priority", "priority_reason")
    assert (referral.priority, referral.priority_reason) == (
        "urgent",
        "psychosis worsened",
    )
    assert referral.history[-1].reason_code == "condition_worsened"


def test_an_edit_that_changes_nothing_is_refused_and_leaves_the_version():
    referral = a_referral()
    same = Edit("doctor:x", AT, tests=referral.tests, patient={"language": "kk"})
    with pytest.raises(NothingChanged):
        apply_edit(referral, same)
    with pytest.raises(NothingChanged):
        apply_edit(referral, Edit("doctor:x", AT))
    assert (referral.version, len(referral.history)) == (1, 1)


@pytest.mark.parametrize(
    "status", [Status.ADMITTED, Status.CANCELLED, Status.EXPIRED, Status.REJECTED]
)
def test_only_an_active_referral_can_be_edited(status):
    referral = a_referral(status=status)
    with pytest.raises(NotEditable) as refused:
        apply_edit(referral, Edit("doctor:x", AT, tests=NEW_TESTS))
    assert refused.value.status == status
    assert referral.tests != NEW_TESTS


@pytest.mark.parametrize(
    "status", [Status.REGISTERED, Status.WAITING, Status.SCHEDULED]
)
def test_an_active_referral_keeps_its_status_when_edited(status):
    referral = a_referral(status=status)
    apply_edit(referral, Edit("doctor:x", AT, tests=NEW_TESTS))
    assert (referral.status, referral.history[-1].status) == (status, status)


def test_if_match_names_the_current_version_or_is_refused():
    referral = a_referral(version=4)
    check_version(referral, None)
    check_version(referral, 4)
    with pytest.raises(VersionMoved) as moved:
        check_version(referral, 3)
    assert (moved.value.expected, moved.value.current) == (3, 4)
