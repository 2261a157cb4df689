"""The HTTP API's request and answer shapes (they are also its OpenAPI
document). Unknown fields are rejected; dates are ISO 8601 (YYYY-MM-DD)."""

from __future__ import annotations

from typing import Any

from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    validate,
    validates_schema,
)

from services.referral.domain.model import Status
from services.referral.entrypoints import fields as kz
from shared.contracts.parts import LANGUAGES, PRIORITIES, STAYS
from shared.contracts.reasons import (
    DOCTOR_CANCEL_REASONS,
    MOVE_REASONS,
    PRE_ADMISSION_TESTS,
    PRIORITY_CHANGE_REASONS,
    REINSTATE_REASONS,
    RENEWAL_REASONS,
)
from shared.http.fields import HospitalizationCode, PersonName
from shared.http.reasons import ReasonedRequest, coded, note_field
from shared.reference.profile_rules import IN_WORDS as PROFILE_RULE

FINANCE_SOURCES = ("GOBMP", "OSMS", "paid", "VHI")
PURPOSES = ("treatment", "examination", "rehabilitation")
STATUSES = tuple(s.value for s in Status)
VALIDITY_TEXT = (
    "A referral is valid for 90 days from registration (Kazakhstan time); with "
    "a planned_date, until 30 days after it if that is sooner. planned_date must "
    "lie between today and 90 days from today."
)
FULL_NAME_TEXT = (
    "Optional (clients written before it need not send it). Letters of the "
    "Kazakh, Russian or Latin alphabets, spaces, hyphens, apostrophes and dots; "
    "1 to 200 characters after trimming. Shown to the referring facility and the "
    "receiving hospital's clerks only: never in a message, a log or the "
    "patient's page."
)


class _Strict(Schema):
    class Meta:
        unknown = RAISE


class PatientIn(_Strict):
    iin = kz.Iin(required=True, metadata={"example": "791028302728"})
    phone = kz.KazakhstanMobile(
        load_default=None, allow_none=True, metadata={"example": "+77012345678"}
    )
    email = fields.Email(
        load_default=None, allow_none=True, validate=validate.Length(max=254)
    )
    language = fields.String(required=True, validate=validate.OneOf(LANGUAGES))
    consent = fields.Boolean(
        required=True, metadata={"description": "Consent to status notifications."}
    )
    full_name = PersonName(
        load_default=None,
        allow_none=True,
        metadata={"description": FULL_NAME_TEXT, "example": "Айгүл Серікқызы Әлиева"},
    )

    @validates_schema
    def needs_a_contact(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not data.get("phone") and not data.get("email"):
            raise ValidationError(
                "Give a mobile number or an e-mail address (or both).", "phone"
            )


class PreAdmissionTestIn(ReasonedRequest):
    NOTE_FOR_OTHER = ("code",)

    code = coded(PRE_ADMISSION_TESTS)
    note = note_field(
        "Which test, for other (at most 500 characters); kept with the referral, "
        "never sent to the queue or in a message."
    )
    done_on = fields.Date(required=True)
    valid_until = fields.Date(required=True)


class ReferralIn(_Strict):
    patient = fields.Nested(PatientIn, required=True)
    facility_id = fields.String(
        required=True,
        validate=validate.Length(min=1, max=40),
        metadata={"description": "The target hospital (registry id)."},
    )
    bed_profile = fields.String(
        required=True,
        validate=validate.Length(min=1, max=40),
        metadata={"description": PROFILE_RULE},
    )
    stay = fields.String(required=True, validate=validate.OneOf(STAYS))
    diagnosis = kz.Icd10(required=True, metadata={"example": "F20.0"})
    finance_source = fields.String(
        required=True, validate=validate.OneOf(FINANCE_SOURCES)
    )
    priority = fields.String(required=True, validate=validate.OneOf(PRIORITIES))
    priority_reason = kz.Text(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=500),
        metadata={"description": "Required when priority is urgent."},
    )
    purpose = fields.String(load_default="treatment", validate=validate.OneOf(PURPOSES))
    tests = fields.List(
        fields.Nested(PreAdmissionTestIn),
        load_default=list,
        validate=validate.Length(max=30),
    )
    planned_date = fields.Date(
        load_default=None, allow_none=True, metadata={"description": VALIDITY_TEXT}
    )


KEPT_NOTE = (
    "The doctor's words (at most 500 characters); kept with the referral and "
    "shown to its facility's doctors, never sent to the queue."
)


class CancelIn(ReasonedRequest):
    NOTE_FOR_OTHER = ("reason_code",)

    reason_code = coded(DOCTOR_CANCEL_REASONS)
    note = note_field(KEPT_NOTE)


NEW_VALIDITY = (
    "The new valid-until date (YYYY-MM-DD): after {after} and at most "
    "REFERRAL_VALIDITY_DAYS (90) from today."
)


class ReinstateIn(ReasonedRequest):
    NOTE_FOR_OTHER = ("reason_code",)

    reason_code = coded(REINSTATE_REASONS)
    valid_until = fields.Date(
        load_default=None,
        allow_none=True,
        metadata={
            "description": NEW_VALIDITY.format(after="today")
            + " Without it: REFERRAL_VALIDITY_DAYS from today."
        },
    )
    note = note_field(KEPT_NOTE)


class RenewIn(ReasonedRequest):
    NOTE_FOR_OTHER = ("reason_code",)

    reason_code = coded(RENEWAL_REASONS)
    valid_until = fields.Date(
        required=True,
        metadata={"description": NEW_VALIDITY.format(after="the current validity")},
    )
    note = note_field(KEPT_NOTE)


class PatientEditIn(_Strict):
    """Only the fields given change (null removes a phone or an e-mail); the
    merged patient must keep a mobile number or an e-mail address."""

    phone = kz.KazakhstanMobile(allow_none=True, metadata={"example": "+77012345678"})
    email = fields.Email(allow_none=True, validate=validate.Length(max=254))
    language = fields.String(validate=validate.OneOf(LANGUAGES))
    consent = fields.Boolean(
        metadata={"description": "Consent to status notifications."}
    )
    full_name = PersonName(metadata={"description": FULL_NAME_TEXT})


class EditIn(ReasonedRequest):
    """Any of tests, patient, priority; at least one."""

    NOTE_FOR_OTHER = ("reason_code",)

    tests = fields.List(
        fields.Nested(PreAdmissionTestIn),
        validate=validate.Length(max=30),
        metadata={"description": "The whole new list (it replaces the old)."},
    )
    patient = fields.Nested(PatientEditIn)
    priority = fields.String(validate=validate.OneOf(PRIORITIES))
    priority_reason = kz.Text(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=500),
        metadata={"description": "With priority; required when it is urgent."},
    )
    reason_code = coded(PRIORITY_CHANGE_REASONS, required=False)
    note = note_field(KEPT_NOTE)

    @validates_schema
    def priority_with_its_reasons(self, data: dict[str, Any], **kwargs: Any) -> None:
        if "priority" not in data:
            for name in ("priority_reason", "reason_code"):
                if data.get(name) is not None:
                    raise ValidationError(f"Give {name} with priority.", name)
        elif data.get("reason_code") is None:
            raise ValidationError(
                "Give reason_code: why the priority changes.", "reason_code"
            )


class MoveIn(ReasonedRequest):
    NOTE_FOR_OTHER = ("reason_code",)

    to_facility_id = fields.String(
        required=True,
        data_key="facility_id",
        validate=validate.Length(min=1, max=40),
        metadata={
            "description": "The receiving hospital (registry id): one with the "
            "referral's bed profile (and its stay and finance source) whose beds "
            "admit the patient, not the current one."
        },
    )
    reason_code = coded(MOVE_REASONS)
    note = note_field(KEPT_NOTE)


class ListQuery(_Strict):
    status = fields.String(validate=validate.OneOf(STATUSES))
    code = HospitalizationCode(
        metadata={"description": "A hospitalization code, as typed."}
    )
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    mine = kz.Flag(load_default=False, metadata={"description": "Only the caller's."})


class SearchIn(ListQuery):
    """A patient's referrals: the IIN travels in a body, never in a URL."""

    iin = kz.Iin(required=True)
