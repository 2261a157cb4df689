"""Orders the referral service carries out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from services.referral.domain.edits import PriorityChange
from services.referral.domain.model import Patient, PreAdmissionTest
from services.referral.domain.queue_state import QueueUpdate


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


@dataclass(frozen=True, kw_only=True)
class DoctorsRequest:
    """A request of the referring facility's doctor that the queue carries
    out; ``note`` stays with the referral."""

    referral_id: str
    referring_facility_id: str
    practitioner_id: str
    reason_code: str
    note: str | None = None
    idempotency_key: str | None = None
    request_fingerprint: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReinstateReferral(DoctorsRequest):
    """Back at the original place; without ``valid_until``, valid for
    REFERRAL_VALIDITY_DAYS from today."""

    valid_until: date | None = None


@dataclass(frozen=True, kw_only=True)
class RenewReferral(DoctorsRequest):
    valid_until: date


@dataclass(frozen=True, kw_only=True)
class EditReferral:
    """The referring facility's doctor changes what may change
    (``edits.py``); ``if_match`` is the version they last saw, if given."""

    referral_id: str
    referring_facility_id: str
    practitioner_id: str
    tests: tuple[PreAdmissionTest, ...] | None = None
    patient: Mapping[str, object] = field(default_factory=dict)
    priority: PriorityChange | None = None
    note: str | None = None
    if_match: int | None = None
    idempotency_key: str | None = None
    request_fingerprint: str | None = None


@dataclass(frozen=True, kw_only=True)
class MoveReferral(DoctorsRequest):
    """To the same bed profile's queue at ``to_facility_id``."""

    to_facility_id: str


@dataclass(frozen=True)
class ApplyQueueUpdate:
    """A queue event about a referral's entry."""

    event_id: str
    event_type: str
    referral_id: str
    update: QueueUpdate


@dataclass(frozen=True)
class ApplyRefusal:
    """The queue refused the doctor's request the referral's version
    ``referral_version`` carried (``queue.request_refused``)."""

    event_id: str
    event_type: str
    referral_id: str
    referral_version: int
    reason_code: str
    at: datetime


QueueEvent = ApplyQueueUpdate | ApplyRefusal
Command = RegisterReferral | CancelReferral | DoctorsRequest | EditReferral | QueueEvent
