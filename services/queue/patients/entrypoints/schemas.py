"""Request and response schemas of the queue service's HTTP API."""

from __future__ import annotations

import re

import orjson
from marshmallow import RAISE, Schema, ValidationError, fields, validate

from services.queue.guarantee.entrypoints.schemas import WaitGuarantee
from services.queue.waiting_list.domain.estimate import HORIZON_DAYS
from shared.contracts.reasons import PATIENT_CANCEL_REASONS
from shared.hospitalization_code import normalize
from shared.http.fields import HospitalizationCode, language_parameter
from shared.http.reasons import ReasonedRequest, coded, note_field
from shared.iin import InvalidIIN, validate_iin

IN_LANGUAGE = {
    "description": "in the answer's language (Content-Language): the lang "
    "parameter's where there is one, else Accept-Language's, else en"
}
IIN_SHAPE = re.compile(r"[0-9]{12}\Z")
CODE_DOC = {
    "description": "The hospitalization code as typed: any case, with or "
    "without hyphens and spaces, O for 0, I or L for 1. A code that cannot be "
    "one (a symbol missing or mistyped) is refused with 422."
}


def _valid_iin(value: str) -> None:
    try:
        validate_iin(value)
    except InvalidIIN as exc:
        raise ValidationError(str(exc)) from exc


def one_time_code_field() -> fields.String:
    return fields.String(
        load_default=None,
        validate=validate.Regexp(
            r"^[0-9]{6}\Z", error="A one-time code is exactly 6 digits."
        ),
        metadata={
            "description": "Only after an answer of 403 verification_required: "
            "the 6 digits sent to the patient's phone and e-mail on file."
        },
    )


class LookupRequest(Schema):
    class Meta:
        unknown = RAISE

    code = HospitalizationCode(required=True, metadata=CODE_DOC)
    iin = fields.String(required=True, validate=_valid_iin)
    one_time_code = one_time_code_field()


def well_formed_lookup(raw: bytes) -> tuple[str, str] | None:
    """(code, iin) when ``raw`` has the shape LookupRequest accepts (two
    strings, a code and twelve digits) and nothing else, checked without
    marshmallow: the lookup is the hot path. The code comes back canonical.
    The IIN's birth date and check digit are left to the schema, which the
    lookup runs when nothing matched (a stored IIN was valid when the referral
    was registered). None for anything else (a one-time code too, a code that
    cannot be one), which then goes through the schema."""
    try:
        payload = orjson.loads(raw)
    except ValueError:
        return None
    if type(payload) is not dict or len(payload) != 2:
        return None
    code, iin = payload.get("code"), payload.get("iin")
    if type(code) is not str or type(iin) is not str:
        return None
    if IIN_SHAPE.match(iin) is None:
        return None
    canonical = normalize(code)
    return None if canonical is None else (canonical, iin)


class CancelRequest(ReasonedRequest):
    code = HospitalizationCode(required=True, metadata=CODE_DOC)
    iin = fields.String(required=True, validate=_valid_iin)
    one_time_code = one_time_code_field()
    reason_code = coded(PATIENT_CANCEL_REASONS)
    note = note_field()


class DateBand(Schema):
    """When admission may be expected: from earliest to latest, or, past
    the horizon, not before earliest and possibly later than horizon."""

    earliest = fields.Date(
        required=True, metadata={"description": "admission is not expected before"}
    )
    latest = fields.Date(
        required=True,
        allow_none=True,
        metadata={
            "description": "admission is expected by this day; null when "
            "beyond_horizon (no date past the horizon is promised)"
        },
    )
    beyond_horizon = fields.Boolean(
        metadata={
            "description": "true when the band reaches past the horizon "
            f"({HORIZON_DAYS} days from today): not before earliest, possibly "
            "later than horizon"
        }
    )
    horizon = fields.Date(
        allow_none=True,
        metadata={
            "description": "the last day the estimate speaks for; set only "
            "when beyond_horizon"
        },
    )


class Hospital(Schema):
    name = fields.String(metadata=IN_LANGUAGE)
    address = fields.String(metadata=IN_LANGUAGE)
    phone = fields.String()


class PositionChanged(Schema):
    reason = fields.String(
        metadata={
            "description": "urgent_placed_ahead, placed_ahead, returned_ahead, "
            "ahead_left, moved_ahead, moved_behind (a doctor changed another "
            "patient's priority), or the entry's own: placed, returned, "
            "reordered"
        }
    )
    count = fields.Integer()
    at = fields.DateTime()


class PatientStatus(Schema):
    status = fields.String(
        metadata={
            "description": "waiting, scheduled, admitted, discharged, rejected, "
            "cancelled, expired"
        }
    )
    reason_code = fields.String(
        allow_none=True,
        metadata={
            "description": "admitted_elsewhere when the referral closed "
            "(status cancelled) because the patient was admitted as an "
            "emergency: hospital is then the hospital that admitted them; "
            "null otherwise"
        },
    )
    position = fields.Integer(allow_none=True, metadata={"description": "1 = next"})
    queue_length = fields.Integer(allow_none=True)
    estimated_admission = fields.Nested(
        DateBand,
        allow_none=True,
        metadata={
            "description": "from the queue's own pace; null while the queue "
            "admitted fewer than ESTIMATE_MIN_ADMISSIONS patients in the last "
            "ESTIMATE_WINDOW_DAYS days"
        },
    )
    scheduled_date = fields.Date(allow_none=True)
    hospital = fields.Nested(Hospital, allow_none=True)
    changed = fields.Nested(PositionChanged, allow_none=True)
    cancellable = fields.Boolean(
        metadata={
            "description": "whether the patient may leave the queue now "
            "(POST /v1/queue/cancel)"
        }
    )
    updated_at = fields.DateTime()
    wait_guarantee = fields.Nested(
        WaitGuarantee,
        allow_none=True,
        metadata={"description": "null: the bed profile has no maximum wait"},
    )


class FacilitiesQuery(Schema):
    class Meta:
        unknown = RAISE

    bed_profile = fields.String(load_default=None)
    region = fields.String(load_default=None, validate=validate.Regexp(r"^\d{2}$"))
    lang = language_parameter(
        "kk, ru or en: the names' and addresses' language (without it the "
        "Accept-Language header's, else en)"
    )


class FreeOnDay(Schema):
    date = fields.Date()
    free = fields.Integer()


class WaitDays(Schema):
    min = fields.Integer()
    max = fields.Integer(
        allow_none=True, metadata={"description": "null when beyond_horizon"}
    )
    beyond_horizon = fields.Boolean(
        metadata={
            "description": f"true when the wait may exceed {HORIZON_DAYS} days: "
            "at least min, possibly longer"
        }
    )


class ProfileFigures(Schema):
    bed_profile = fields.String()
    beds = fields.Integer()
    typical_stay_days = fields.Integer()
    stays = fields.List(fields.String())
    waiting = fields.Integer()
    free_beds = fields.Integer()
    free_beds_next_days = fields.List(fields.Nested(FreeOnDay))
    estimated_wait_days = fields.Nested(
        WaitDays,
        allow_none=True,
        metadata={"description": "for a new entry; null like estimated_admission"},
    )


class FacilityListed(Schema):
    id = fields.String()
    name = fields.String(metadata=IN_LANGUAGE)
    kind = fields.String()
    region = fields.String()
    address = fields.String(metadata=IN_LANGUAGE)
    phone = fields.String()
    osms_contracted = fields.Boolean()
    bed_profiles = fields.List(fields.Nested(ProfileFigures))


class FacilitiesAnswer(Schema):
    registry_version = fields.String()
    as_of = fields.Date()
    facilities = fields.List(fields.Nested(FacilityListed))
