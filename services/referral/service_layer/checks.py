"""The referral checked against the facility registry and the calendar."""

from __future__ import annotations

from datetime import date

from services.referral.domain import rules
from services.referral.domain.commands import RegisterReferral
from services.referral.service_layer.dependencies import Dependencies
from services.referral.service_layer.errors import InvalidReferral
from shared.reference.registry import Facility


def hospital_from(facility: Facility | None) -> rules.Hospital | None:
    if facility is None:
        return None
    return rules.Hospital(
        id=facility.id,
        receives_patients=facility.kind != "clinic" and bool(facility.bed_profiles),
        stays_by_profile={n: p.stays for n, p in facility.bed_profiles.items()},
        osms_contracted=facility.osms_contracted,
    )


def check_referral(
    cmd: RegisterReferral, deps: Dependencies, today: date
) -> tuple[date, list[rules.Notice]]:
    """The referral's valid-until date and warnings; InvalidReferral if not
    acceptable."""
    findings = rules.Findings()
    valid_until = deps.validity.valid_until(today, cmd.planned_date)
    target = hospital_from(deps.registry.get(cmd.facility_id))
    rules.check_target(
        findings,
        target,
        cmd.bed_profile,
        cmd.stay,
        cmd.finance_source,
        deps.registry.bed_profiles,
    )
    rules.check_priority(findings, cmd.priority, cmd.priority_reason)
    rules.check_planned_date(findings, cmd.planned_date, today, deps.validity)
    rules.check_tests(findings, cmd.tests, today, valid_until)
    if findings.errors:
        raise InvalidReferral(findings.errors)
    return valid_until, findings.warnings
