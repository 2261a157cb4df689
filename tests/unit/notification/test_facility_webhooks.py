"""What the referring facility's webhook hears of: every change the patient
is told of (and a discharge), the reminder before the referral lapses, and
the queue's answer to the doctor's request; never its own doctor's
cancellation, never where an emergency admitted the patient."""

from __future__ import annotations

from services.notification.domain.facility_webhooks import (
    WEBHOOK_TYPES,
    facility_payload,
)
from services.notification.domain.notices import PATIENT_NOTICES

BASE = {
    "referral_id": "r1",
    "hospitalization_code": "75-X",
    "facility_id": "KZ-75-H01",
    "status": "rejected",
    "reason_code": "no_beds_for_profile",
    "reinstatable_until": "2025-05-10",
}


def test_the_facility_hears_of_every_change_the_patient_hears_of():
    told = {t for t in PATIENT_NOTICES if facility_payload(t, BASE, "t") is not None}
    assert told == set(PATIENT_NOTICES) - {"queue.position_milestone"}
    assert set(WEBHOOK_TYPES) - set(PATIENT_NOTICES) == {
        "queue.patient_discharged",
        "queue.request_refused",
    }
    rejected = facility_payload("queue.entry_rejected", BASE, "2025-01-01T00:00:00")
    assert rejected is not None
    assert rejected["type"] == "referral.rejected"
    assert rejected["reason_code"] == "no_beds_for_profile"
    assert "reason" not in rejected
    expired = facility_payload("queue.entry_expired", BASE, "t")
    assert expired is not None and expired["reinstatable_until"] == "2025-05-10"


def test_the_referring_facility_hears_its_referral_was_closed_not_where():
    data = {**BASE, "status": "cancelled", "reason_code": "admitted_elsewhere"}
    closed = facility_payload("queue.entry_cancelled", data, "2025-01-01T00:00:00")
    assert closed == {
        "type": "referral.closed",
        "occurred_at": "2025-01-01T00:00:00",
        "referral_id": "r1",
        "hospitalization_code": "75-X",
        "hospital_id": "KZ-75-H01",
        "status": "cancelled",
        "reason_code": "admitted_elsewhere",
        "reinstatable_until": "2025-05-10",
        "closed_by": "system",
    }
    by_patient = {**data, "reason_code": "no_longer_needed", "actor": "patient"}
    told = facility_payload("queue.entry_cancelled", by_patient, "t")
    assert told is not None and told["closed_by"] == "patient"
    by_doctor = {**data, "reason_code": "duplicate", "actor": "doctor:dr-1"}
    assert facility_payload("queue.entry_cancelled", by_doctor, "t") is None


def test_a_closing_by_a_clerk_names_the_role_only():
    data = {**BASE, "status": "cancelled", "actor": "hospital:KZ-71-M01:clerk-4"}
    closed = facility_payload("queue.entry_cancelled", data, "t")
    assert closed is not None and closed["closed_by"] == "hospital"
    assert "KZ-71-M01" not in str(closed)


def test_a_refused_request_names_the_request_and_why():
    data = {
        **{k: BASE[k] for k in ("referral_id", "hospitalization_code", "facility_id")},
        "referring_facility_id": "KZ-75-P01",
        "referral_version": 4,
        "request": "referral.renewal_requested",
        "entry_id": "e1",
        "status": "expired",
        "reason_code": "not_active",
    }
    refused = facility_payload("queue.request_refused", data, "t")
    assert refused is not None
    assert (refused["type"], refused["request"], refused["reason_code"]) == (
        "referral.request_refused",
        "renewal",
        "not_active",
    )
    assert refused["status"] == "expired" and "entry_id" not in refused
