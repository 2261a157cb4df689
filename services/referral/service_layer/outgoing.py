"""The events the referral service publishes, built from a referral.

``referral.registered`` carries what the queue and the notifications need and
no more: no diagnosis, no priority reason, tests by their code only (never a
note); contact data only when the patient consented to notifications (the
notification service's use only), never the patient's name: that travels
alone in ``referral.patient_named``, which only the queue service's binding
matches. ``referral.cancelled`` carries the doctor's
reason code; the doctor's note stays in the referral. A reinstatement or
renewal request carries its reason code and the new validity, never the note;
a move its reason code and the receiving hospital. ``referral.updated``
carries an edit: the tests (codes and validity) and the priority as they now
are, the reason code of a priority change (never the priority reason) and
the contact when it changed (built as at registration).
"""

from __future__ import annotations

from typing import Any

from services.referral.domain.edits import CONTACT_FIELDS
from services.referral.domain.model import Referral
from services.referral.domain.requests import MOVE, REINSTATEMENT, RENEWAL
from shared.contracts import Envelope, new_event

REQUEST_EVENTS = {
    REINSTATEMENT: "referral.reinstatement_requested",
    RENEWAL: "referral.renewal_requested",
    MOVE: "referral.move_requested",
}


def _contact(referral: Referral) -> dict[str, Any]:
    patient = referral.patient
    consented = patient.consent
    return {
        "phone": patient.phone if consented else None,
        "email": patient.email if consented else None,
        "language": patient.language,
        "consent": consented,
    }


def referral_registered(referral: Referral, producer: str) -> Envelope:
    return new_event(
        "referral.registered",
        {
            "referral_id": referral.id,
            "hospitalization_code": referral.hospitalization_code,
            "version": referral.version,
            "iin": referral.patient.iin,
            "referring_facility_id": referral.referring_facility_id,
            "facility_id": referral.facility_id,
            "bed_profile": referral.bed_profile,
            "stay": referral.stay,
            "priority": referral.priority,
            "registered_at": referral.registered_at,
            "valid_until": referral.valid_until,
            "planned_date": referral.planned_date,
            "tests": _tests(referral),
            "contact": _contact(referral),
        },
        producer,
    )


def _tests(referral: Referral) -> list[dict[str, Any]]:
    """Each test by its code and validity (never its note)."""
    return [{"code": t.code, "valid_until": t.valid_until} for t in referral.tests]


def referral_updated(
    referral: Referral, changed: tuple[str, ...], producer: str
) -> Envelope | None:
    """An edit for the queue and the notifications, or None when it changed
    nothing they hear of (the priority reason's words, the name alone)."""
    told: list[str] = [name for name in ("tests", "priority") if name in changed]
    if CONTACT_FIELDS & set(changed):
        told.append("contact")
    if not told:
        return None
    data: dict[str, Any] = {
        "referral_id": referral.id,
        "hospitalization_code": referral.hospitalization_code,
        "version": referral.version,
        "referring_facility_id": referral.referring_facility_id,
        "facility_id": referral.facility_id,
        "changed": told,
        "tests": _tests(referral),
        "priority": referral.priority,
        "actor": referral.history[-1].actor,
    }
    if "priority" in changed:
        data["reason_code"] = referral.history[-1].reason_code
    if "contact" in told:
        data["contact"] = _contact(referral)
    return new_event("referral.updated", data, producer)


def patient_named(referral: Referral, producer: str) -> Envelope | None:
    """The patient's full name for the queue alone (its routing key matches
    no other service's binding), or None when the doctor gave none."""
    full_name = referral.patient.full_name
    if full_name is None:
        return None
    return new_event(
        "referral.patient_named",
        {
            "referral_id": referral.id,
            "version": referral.version,
            "full_name": full_name,
        },
        producer,
    )


def referral_cancelled(referral: Referral, producer: str) -> Envelope:
    last = referral.history[-1]
    return new_event(
        "referral.cancelled",
        {
            "referral_id": referral.id,
            "hospitalization_code": referral.hospitalization_code,
            "version": referral.version,
            "reason_code": last.reason_code,
            "actor": last.actor,
        },
        producer,
    )


def doctors_request(referral: Referral, producer: str) -> Envelope:
    """The pending request, for the queue to carry out (its version names
    it)."""
    pending = referral.pending
    if pending is None:
        raise ValueError("no request is pending")
    data = {
        "referral_id": referral.id,
        "hospitalization_code": referral.hospitalization_code,
        "version": pending.version,
        "referring_facility_id": referral.referring_facility_id,
        "facility_id": referral.facility_id,
        "reason_code": pending.reason_code,
        "actor": referral.history[-1].actor,
    }
    if pending.kind == MOVE:
        data["to_facility_id"] = pending.to_facility_id
    else:
        data["valid_until"] = pending.valid_until
    return new_event(REQUEST_EVENTS[pending.kind], data, producer)
