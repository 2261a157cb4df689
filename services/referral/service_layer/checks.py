"""The referral checked against the facility registry and the calendar, and
its patient against whom the hospital's beds of the profile admit."""

from __future__ import annotations

from datetime import date

from services.referral.domain import rules
from services.referral.domain.commands import RegisterReferral
from services.referral.domain.model import Referral
from services.referral.service_layer.dependencies import Dependencies
from services.referral.service_layer.errors import InvalidReferral
from shared.reference.profile_rules import patient_misfit
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


def check_patient(
    findings: rules.Findings,
    facility: Facility | None,
    cmd: RegisterReferral,
    today: date,
) -> None:
    """Named as ``bed_profile``: the IIN passed its own checks (a mistyped
    birth date or century digit fails the check digit), so what does not fit
    is the choice of these beds for this patient."""
    profile = facility.bed_profiles.get(cmd.bed_profile) if facility else None
    if profile is None or findings.errors.keys() & {"facility_id", "bed_profile"}:
        return
    for misfit in patient_misfit(profile.admits, cmd.patient.iin, today):
        findings.error("bed_profile", misfit)


def check_referral(
    cmd: RegisterReferral, deps: Dependencies, today: date
) -> tuple[date, list[rules.Notice]]:
    """The referral's valid-until date and warnings; InvalidReferral if not
    acceptable."""
    findings = rules.Findings()
    valid_until = deps.validity.valid_until(today, cmd.planned_date)
    facility = deps.registry.get(cmd.facility_id)
    target = hospital_from(facility)
    rules.check_target(
        findings,
        target,
        cmd.bed_profile,
        cmd.stay,
        cmd.finance_source,
        deps.registry.bed_profiles,
    )
    check_patient(findings, facility, cmd, today)
    rules.check_priority(findings, cmd.priority, cmd.priority_reason)
    rules.check_planned_date(findings, cmd.planned_date, today, deps.validity)
    rules.check_tests(findings, cmd.tests, today, valid_until)
    if findings.errors:
        raise InvalidReferral(findings.errors)
    return valid_until, findings.warnings


SAME_HOSPITAL = "The referral already waits at this hospital; choose another one."


def check_move(referral: Referral, to_facility_id: str, deps: Dependencies) -> None:
    """The receiving hospital takes the referral as registered (its bed
    profile, stay and finance source) and its beds of the profile admit the
    patient today; every finding is named ``facility_id``, the one field of
    the move that can be wrong."""
    findings = rules.Findings()
    facility = deps.registry.get(to_facility_id)
    if to_facility_id == referral.facility_id:
        findings.error("facility_id", SAME_HOSPITAL)
    else:
        rules.check_target(
            findings,
            hospital_from(facility),
            referral.bed_profile,
            referral.stay,
            referral.finance_source,
            deps.registry.bed_profiles,
        )
    profile = facility.bed_profiles.get(referral.bed_profile) if facility else None
    if profile is not None and not findings.errors:
        for misfit in patient_misfit(
            profile.admits, referral.patient.iin, deps.today()
        ):
            findings.error("facility_id", misfit)
    if findings.errors:
        words = [m for messages in findings.errors.values() for m in messages]
        raise InvalidReferral({"facility_id": words})
