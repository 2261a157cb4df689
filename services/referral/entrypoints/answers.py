"""The HTTP API's answers. The same schemas render the answers and document
them in /openapi.json, so the two cannot drift."""

from __future__ import annotations

from marshmallow import Schema, fields

from services.referral.entrypoints.fields import icd10_description
from services.referral.entrypoints.schemas import VALIDITY_TEXT


class NoticeOut(Schema):
    code = fields.String(metadata={"example": "test_lapses_before_referral"})
    field = fields.String(metadata={"example": "tests.0.valid_until"})
    message = fields.String()


class ReceiptOut(Schema):
    id = fields.String()
    hospitalization_code = fields.String(metadata={"example": "75-7K3M-Q9TX-R"})
    status = fields.String(metadata={"example": "registered"})
    valid_until = fields.String(metadata={"description": VALIDITY_TEXT})
    registered_at = fields.String()
    warnings = fields.List(fields.Nested(NoticeOut))


class PatientOut(Schema):
    iin = fields.String()
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    language = fields.String()
    consent = fields.Boolean()
    full_name = fields.String(allow_none=True)


class PreAdmissionTestOut(Schema):
    code = fields.String()
    note = fields.String(allow_none=True)
    done_on = fields.Date()
    valid_until = fields.Date()


class QueueOut(Schema):
    entry_id = fields.String()
    queue_id = fields.String()
    version = fields.Integer()
    scheduled_date = fields.Date(allow_none=True)
    reason_code = fields.String(allow_none=True)
    reinstatable_until = fields.Date(allow_none=True)
    estimated_earliest = fields.Date(allow_none=True)
    estimated_latest = fields.Date(
        allow_none=True,
        metadata={
            "description": "null with estimated_earliest set when the estimate "
            "reaches past its two-year horizon: not before estimated_earliest, "
            "possibly much later"
        },
    )


class HistoryOut(Schema):
    status = fields.String()
    at = fields.DateTime()
    actor = fields.String()
    reason_code = fields.String(allow_none=True)
    note = fields.String(
        allow_none=True, metadata={"description": "the doctor's own words"}
    )
    source = fields.String(metadata={"description": "referral or queue"})
    action = fields.String(
        allow_none=True,
        metadata={
            "description": "A step beyond its status: reinstatement_requested, "
            "renewal_requested, move_requested, reinstated, renewed, moved, "
            "reinstatement_refused, renewal_refused, move_refused (reason_code "
            "says why), edited (the doctor's edit: changed names the fields), "
            "reordered, updated (the queue carried the edit out)."
        },
    )
    changed = fields.List(
        fields.String(),
        metadata={
            "description": "An edit's fields, by name (tests, patient.phone, "
            "patient.email, patient.language, patient.consent, "
            "patient.full_name, priority, priority_reason); never their values."
        },
    )


class PendingOut(Schema):
    kind = fields.String(metadata={"description": "reinstatement, renewal or move"})
    requested_at = fields.DateTime()
    valid_until = fields.Date()
    reason_code = fields.String()
    to_facility_id = fields.String(
        allow_none=True, metadata={"description": "A move's receiving hospital."}
    )


class ReferralOut(Schema):
    id = fields.String()
    hospitalization_code = fields.String()
    status = fields.String()
    version = fields.Integer()
    referring_facility_id = fields.String()
    practitioner_id = fields.String()
    patient = fields.Nested(PatientOut)
    facility_id = fields.String()
    bed_profile = fields.String()
    stay = fields.String()
    diagnosis = fields.String()
    diagnosis_description = fields.Function(
        lambda referral: icd10_description(referral.diagnosis)
    )
    finance_source = fields.String()
    priority = fields.String()
    priority_reason = fields.String(allow_none=True)
    purpose = fields.String()
    tests = fields.List(fields.Nested(PreAdmissionTestOut))
    planned_date = fields.Date(allow_none=True)
    registered_at = fields.DateTime()
    valid_until = fields.Date()
    queue = fields.Nested(QueueOut, allow_none=True)
    history = fields.List(fields.Nested(HistoryOut))
    pending = fields.Nested(
        PendingOut,
        allow_none=True,
        metadata={"description": "A request the queue has not answered yet."},
    )


class RequestReceiptOut(Schema):
    """The answer to a request the queue carries out: the referral as it is
    (its status changes when the queue has done it) and what is pending."""

    id = fields.String()
    hospitalization_code = fields.String()
    status = fields.String()
    version = fields.Integer()
    valid_until = fields.Date()
    pending = fields.Nested(PendingOut)


class ReferralSummaryOut(Schema):
    id = fields.String()
    hospitalization_code = fields.String()
    status = fields.String()
    patient_iin = fields.String(
        metadata={"description": "Masked: the last four digits only."}
    )
    facility_id = fields.String()
    bed_profile = fields.String()
    stay = fields.String()
    priority = fields.String()
    registered_at = fields.DateTime()
    valid_until = fields.String()
    updated_at = fields.DateTime()
    scheduled_date = fields.Date(
        allow_none=True, metadata={"description": "The admission day booked."}
    )
    estimated_earliest = fields.Date(
        allow_none=True,
        metadata={"description": "The queue's expected window, while waiting."},
    )
    estimated_latest = fields.Date(allow_none=True)


class ReferralPageOut(Schema):
    items = fields.List(fields.Nested(ReferralSummaryOut))
    page = fields.Integer()
    page_size = fields.Integer()
    has_more = fields.Boolean()
