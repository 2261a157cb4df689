from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.referral.domain import rules
from services.referral.domain.model import PreAdmissionTest
from services.referral.service_layer.checks import hospital_from
from shared.reference.registry import default_registry

TODAY = date(2026, 3, 2)
VALIDITY = rules.Validity(days=90, grace_days=30)
REGISTRY = default_registry()


def target_findings(
    facility_id: str,
    bed_profile: str = "psychiatry",
    stay: str = "round_the_clock",
    finance_source: str = "GOBMP",
) -> rules.Findings:
    findings = rules.Findings()
    rules.check_target(
        findings,
        hospital_from(REGISTRY.get(facility_id)),
        bed_profile,
        stay,
        finance_source,
        REGISTRY.bed_profiles,
    )
    return findings


def test_a_mental_health_centre_with_psychiatry_beds_is_a_good_target():
    assert target_findings("KZ-75-M01").errors == {}


def test_a_facility_missing_from_the_registry_is_refused():
    assert "facility_id" in target_findings("KZ-75-M99").errors


def test_a_clinic_does_not_admit_patients():
    assert "facility_id" in target_findings("KZ-75-P01").errors


def test_the_hospital_must_have_the_bed_profile():
    assert target_findings("KZ-75-H01", "cardiology").errors == {}
    errors = target_findings("KZ-75-H01", "psychiatry").errors
    assert errors["bed_profile"] == ["KZ-75-H01 has no psychiatry beds."]


def test_an_unknown_bed_profile_is_named_as_such():
    errors = target_findings("KZ-75-H01", "astrology").errors
    assert errors["bed_profile"][0].startswith("Unknown bed profile")


def test_the_hospital_must_offer_the_stay():
    assert target_findings("KZ-75-H01", "cardiology", "day").errors == {}
    errors = target_findings("KZ-75-H01", "surgery", "day").errors
    assert "stay" in errors


def test_osms_needs_a_hospital_contracted_with_the_fund():
    assert target_findings("KZ-75-M01", "narcology", finance_source="OSMS").errors == {}
    errors = target_findings("KZ-75-N01", "narcology", finance_source="OSMS").errors
    assert "finance_source" in errors
    assert (
        target_findings("KZ-75-N01", "narcology", finance_source="GOBMP").errors == {}
    )


def test_urgent_needs_a_reason():
    findings = rules.Findings()
    rules.check_priority(findings, "urgent", "acute psychosis, risk to self")
    rules.check_priority(findings, "planned", None)
    assert findings.errors == {}
    for missing in (None, "", "   "):
        findings = rules.Findings()
        rules.check_priority(findings, "urgent", missing)
        assert "priority_reason" in findings.errors


def test_valid_until_is_90_days_or_30_after_the_planned_date_if_sooner():
    assert VALIDITY.valid_until(TODAY, None) == TODAY + timedelta(days=90)
    planned = TODAY + timedelta(days=10)
    assert VALIDITY.valid_until(TODAY, planned) == planned + timedelta(days=30)
    late = TODAY + timedelta(days=80)
    assert VALIDITY.valid_until(TODAY, late) == TODAY + timedelta(days=90)


@pytest.mark.parametrize(
    ("offset", "ok"), [(0, True), (90, True), (-1, False), (91, False)]
)
def test_planned_date_lies_within_the_validity(offset, ok):
    findings = rules.Findings()
    rules.check_planned_date(findings, TODAY + timedelta(days=offset), TODAY, VALIDITY)
    assert ("planned_date" not in findings.errors) is ok


def check_tests(*tests: PreAdmissionTest, valid_until: date) -> rules.Findings:
    findings = rules.Findings()
    rules.check_tests(findings, tests, TODAY, valid_until)
    return findings


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


def test_a_test_valid_past_the_referral_passes_without_warning():
    found = check_tests(
        PreAdmissionTest("ECG", days(-3), days(100)), valid_until=days(90)
    )
    assert found.errors == {} and found.warnings == []


def test_a_test_must_be_valid_until_after_it_was_done():
    found = check_tests(
        PreAdmissionTest("ECG", days(-3), days(-3)), valid_until=days(90)
    )
    assert "tests.0.valid_until" in found.errors


def test_a_test_cannot_be_done_in_the_future():
    found = check_tests(
        PreAdmissionTest("ECG", days(1), days(30)), valid_until=days(90)
    )
    assert "tests.0.done_on" in found.errors


def test_a_test_that_already_lapsed_is_refused():
    found = check_tests(
        PreAdmissionTest("ECG", days(-40), days(-1)), valid_until=days(90)
    )
    assert "lapsed" in found.errors["tests.0.valid_until"][0]


def test_a_test_lapsing_before_the_referral_is_a_warning_not_an_error():
    found = check_tests(
        PreAdmissionTest("ECG", days(-3), days(100)),
        PreAdmissionTest("Chest X-ray", days(-3), days(20)),
        valid_until=days(90),
    )
    assert found.errors == {}
    assert [(w.code, w.field) for w in found.warnings] == [
        ("test_lapses_before_referral", "tests.1.valid_until")
    ]
