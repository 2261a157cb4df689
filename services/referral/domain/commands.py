"""Orders the referral service carries out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.referral.domain.model import Patient, PreAdmissionTest, QueueUpdate


@dataclass(frozen=True)
class RegisterReferral:
    referring_facility_id: str
    practitioner_id: str
    patient: Patient
    facility_id: str
    bed_profile: str
    stay: str
    diagnosis: str
    finance_source: str
    priority: str
    priority_reason: str | None
    purpose: str
    tests: tuple[PreAdmissionTest, ...]
    planned_date: date | None
    idempotency_key: str | None = None
    request_fingerprint: str | None = None


@dataclass(frozen=True)
class CancelReferral:
    referral_id: str
    facility_id: str
    actor: str
    reason_code: str
    note: str | None = None


@dataclass(frozen=True)
class ApplyQueueUpdate:
    """A queue event about a referral's entry."""

    event_id: str
    event_type: str
    referral_id: str
    update: QueueUpdate


Command = RegisterReferral | CancelReferral | ApplyQueueUpdate
