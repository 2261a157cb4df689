"""The referral service's events (the queue's are in ``events.py``): what
the doctor registered, cancelled or asks of the queue. Fields are the minimum
each consumer needs; the patient's name travels alone (``patient_name.py``)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from shared.contracts.parts import (
    PRIORITIES,
    STAYS,
    Contact,
    PreAdmissionTest,
    Strict,
)
from shared.contracts.patient_name import ReferralPatientNamed
from shared.contracts.reasons import (
    DOCTOR_CANCEL_REASONS,
    MOVE_REASONS,
    PRIORITY_CHANGE_REASONS,
    REINSTATE_REASONS,
    RENEWAL_REASONS,
)

UPDATED_PARTS = ("tests", "priority", "contact")


class ReferralRegistered(Strict):
    referral_id = fields.String(required=True)
    hospitalization_code = fields.String(required=True)
    version = fields.Integer(required=True)
    iin = fields.String(required=True, validate=validate.Regexp(r"^\d{12}$"))
    referring_facility_id = fields.String(required=True)
    facility_id = fields.String(required=True)
    bed_profile = fields.String(required=True)
    stay = fields.String(required=True, validate=validate.OneOf(STAYS))
    priority = fields.String(required=True, validate=validate.OneOf(PRIORITIES))
    registered_at = fields.AwareDateTime(required=True)
    valid_until = fields.Date(required=True)
    planned_date = fields.Date(allow_none=True, load_default=None)
    tests = fields.List(fields.Nested(PreAdmissionTest), load_default=list)
    contact = fields.Nested(Contact, required=True)


class ReferralCancelled(Strict):
    referral_id = fields.String(required=True)
    hospitalization_code = fields.String(required=True)
    version = fields.Integer(required=True)
    reason_code = fields.String(
        required=True, validate=validate.OneOf(DOCTOR_CANCEL_REASONS)
    )
    actor = fields.String(required=True)


class AboutReferral(Strict):
    referral_id = fields.String(required=True)
    hospitalization_code = fields.String(required=True)
    referring_facility_id = fields.String(required=True)
    facility_id = fields.String(required=True)


class _DoctorsRequest(AboutReferral):
    """The queue carries it out or refuses it; its ``version`` names it."""

    version = fields.Integer(required=True)
    valid_until = fields.Date(required=True)
    actor = fields.String(required=True)


class ReinstatementRequested(_DoctorsRequest):
    reason_code = fields.String(
        required=True, validate=validate.OneOf(REINSTATE_REASONS)
    )


class RenewalRequested(_DoctorsRequest):
    reason_code = fields.String(required=True, validate=validate.OneOf(RENEWAL_REASONS))


class ReferralUpdated(AboutReferral):
    """A doctor's edit, the referral's ``version``: ``changed`` names what
    changed (tests, priority, contact). The tests (codes and validity) and
    the priority travel as they now are, so the newest edit alone is the
    truth; ``reason_code`` comes with a priority change, ``contact`` (the
    notification service's only) when it changed. Never a test's note, the
    priority reason or a name."""

    version = fields.Integer(required=True)
    changed = fields.List(
        fields.String(validate=validate.OneOf(UPDATED_PARTS)),
        required=True,
        validate=validate.Length(min=1),
    )
    tests = fields.List(fields.Nested(PreAdmissionTest), required=True)
    priority = fields.String(required=True, validate=validate.OneOf(PRIORITIES))
    reason_code = fields.String(
        allow_none=True,
        load_default=None,
        validate=validate.OneOf(PRIORITY_CHANGE_REASONS),
    )
    contact = fields.Nested(Contact, allow_none=True, load_default=None)
    actor = fields.String(required=True)


class MoveRequested(AboutReferral):
    """To the same bed profile's queue at ``to_facility_id`` (``facility_id``:
    where it waits now), keeping the registration time; never the note."""

    version = fields.Integer(required=True)
    to_facility_id = fields.String(required=True)
    reason_code = fields.String(required=True, validate=validate.OneOf(MOVE_REASONS))
    actor = fields.String(required=True)


DOCTORS_REQUESTS = (
    "referral.reinstatement_requested",
    "referral.renewal_requested",
    "referral.move_requested",
)


REFERRAL_SCHEMAS: dict[str, Schema] = {
    "referral.registered": ReferralRegistered(),
    "referral.patient_named": ReferralPatientNamed(),
    "referral.cancelled": ReferralCancelled(),
    "referral.reinstatement_requested": ReinstatementRequested(),
    "referral.renewal_requested": RenewalRequested(),
    "referral.updated": ReferralUpdated(),
    "referral.move_requested": MoveRequested(),
}
