"""What makes a referral acceptable, beyond the shape of its fields: the
target hospital, the tests, the dates. Errors are keyed by the request's
dotted field names; warnings are returned with the 201 answer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from services.referral.domain.model import PreAdmissionTest

Errors = dict[str, list[str]]


@dataclass(frozen=True)
class Hospital:
    """The target facility as the registry describes it."""

    id: str
    receives_patients: bool
    stays_by_profile: Mapping[str, tuple[str, ...]]
    osms_contracted: bool


@dataclass(frozen=True)
class Notice:
    code: str
    field: str
    message: str


@dataclass(frozen=True)
class Validity:
    """How long a referral stays valid: ``days`` from registration; with a
    planned date, ``grace_days`` after it if that comes sooner."""

    days: int = 90
    grace_days: int = 30

    def valid_until(self, today: date, planned_date: date | None) -> date:
        limit = today + timedelta(days=self.days)
        if planned_date is None or planned_date > limit:
            return limit  # a planned date that far is refused by its check
        return min(limit, planned_date + timedelta(days=self.grace_days))


@dataclass
class Findings:
    errors: Errors = field(default_factory=dict)
    warnings: list[Notice] = field(default_factory=list)

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def check_target(
    findings: Findings,
    hospital: Hospital | None,
    bed_profile: str,
    stay: str,
    finance_source: str,
    known_profiles: Sequence[str],
) -> None:
    if bed_profile not in known_profiles:
        choices = ", ".join(known_profiles)
        findings.error("bed_profile", f"Unknown bed profile; one of: {choices}.")
    if hospital is None:
        findings.error("facility_id", "No facility with this id in the registry.")
        return
    if not hospital.receives_patients:
        findings.error("facility_id", f"{hospital.id} does not admit patients.")
        return
    stays = hospital.stays_by_profile.get(bed_profile)
    if stays is None and bed_profile in known_profiles:
        findings.error("bed_profile", f"{hospital.id} has no {bed_profile} beds.")
    elif stays is not None and stay not in stays:
        offered = ", ".join(stays)
        findings.error(
            "stay", f"{hospital.id} offers {bed_profile} only as: {offered}."
        )
    if finance_source == "OSMS" and not hospital.osms_contracted:
        findings.error(
            "finance_source",
            f"{hospital.id} has no contract with the Social Health Insurance Fund "
            "(OSMS); choose another hospital or another finance source.",
        )


def check_priority(findings: Findings, priority: str, reason: str | None) -> None:
    if priority == "urgent" and not (reason and reason.strip()):
        findings.error("priority_reason", "An urgent referral needs its reason.")


def check_planned_date(
    findings: Findings, planned_date: date | None, today: date, validity: Validity
) -> None:
    if planned_date is None:
        return
    if planned_date < today:
        findings.error("planned_date", "The planned date is in the past.")
    elif planned_date > today + timedelta(days=validity.days):
        findings.error(
            "planned_date",
            f"The planned date is more than {validity.days} days away, "
            "beyond the longest validity of a referral.",
        )


def check_new_validity(
    findings: Findings,
    valid_until: date,
    current: date | None,
    today: date,
    validity: Validity,
) -> None:
    """A renewal's or reinstatement's new ``valid_until``: after today (and
    after the ``current`` validity, which a renewal never shortens) and at
    most ``validity.days`` from today, as at registration."""
    latest = today + timedelta(days=validity.days)
    if current is not None and valid_until <= current:
        findings.error(
            "valid_until",
            f"Give a date after the current validity, {current}: a renewal "
            "never shortens it.",
        )
    elif valid_until <= today:
        findings.error("valid_until", "Give a date after today.")
    elif valid_until > latest:
        findings.error(
            "valid_until",
            f"At most {validity.days} days from today: on or before {latest}.",
        )


def check_tests(
    findings: Findings,
    tests: Sequence[PreAdmissionTest],
    today: date,
    referral_valid_until: date,
) -> None:
    for index, test in enumerate(tests):
        where = f"tests.{index}"
        if test.done_on > today:
            findings.error(f"{where}.done_on", "The test date is in the future.")
        if test.valid_until <= test.done_on:
            findings.error(
                f"{where}.valid_until", "A test must be valid until after it was done."
            )
        elif test.valid_until < today:
            findings.error(
                f"{where}.valid_until",
                f"The test {test.code} lapsed on {test.valid_until}; repeat it.",
            )
        elif test.valid_until < referral_valid_until:
            findings.warnings.append(
                Notice(
                    "test_lapses_before_referral",
                    f"{where}.valid_until",
                    f"The test {test.code} lapses on {test.valid_until}, before "
                    f"the referral (valid until {referral_valid_until}); it may "
                    "need repeating before admission.",
                )
            )
