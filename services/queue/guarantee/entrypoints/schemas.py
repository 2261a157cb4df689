"""What the guarantee's routes take and answer, and its part of the
patient's lookup (which the patients' schemas nest)."""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

from services.queue.waiting_list.domain.guarantee import FLAGGED, FLAGS

FLAG_DOC = {
    "description": "in_breach (past the deadline, or scheduled after it), "
    "breach_expected (even the estimate's earliest day is after it), at_risk "
    "(its latest day is after it, or beyond the horizon), on_track, unknown "
    "(too few recent admissions for an estimate)"
}


class AdmissionBand(Schema):
    """An estimated admission, as the lookup's ``estimated_admission``."""

    earliest = fields.Date(required=True)
    latest = fields.Date(
        required=True, allow_none=True, metadata={"description": "null: beyond"}
    )
    beyond_horizon = fields.Boolean()
    horizon = fields.Date(allow_none=True)


class Alternative(Schema):
    facility_id = fields.String(
        metadata={"description": "the target of POST /v1/referrals/{id}/move"}
    )
    name = fields.String(metadata={"description": "in the answer's language"})
    address = fields.String(metadata={"description": "in the answer's language"})
    phone = fields.String()
    position = fields.Integer(
        metadata={
            "description": "the patient's estimated place there if moved, "
            "keeping the original registration time"
        }
    )
    estimated_admission = fields.Nested(AdmissionBand)


class WaitGuarantee(Schema):
    max_wait_days = fields.Integer(
        metadata={"description": "the bed profile's maximum wait (MAX_WAIT_DAYS)"}
    )
    registered_on = fields.Date(metadata={"description": "local date"})
    deadline = fields.Date(
        metadata={"description": "registered_on + max_wait_days: admission by it"}
    )
    flag = fields.String(metadata=FLAG_DOC)
    days_over = fields.Integer(
        metadata={
            "description": "in breach: days past the deadline; otherwise days "
            "the estimate's latest day (or horizon) reaches past it"
        }
    )
    alternatives = fields.List(
        fields.Nested(Alternative),
        metadata={
            "description": "hospitals of the same bed profile and region with "
            "shorter estimated waits, shortest first (the patient's: only when "
            "flagged)"
        },
    )


class ReferralAlternatives(Schema):
    referral_id = fields.String()
    entry_id = fields.String()
    queue_id = fields.String()
    facility_id = fields.String()
    status = fields.String()
    position = fields.Integer(allow_none=True)
    queue_length = fields.Integer(allow_none=True)
    scheduled_date = fields.Date(allow_none=True)
    estimated_admission = fields.Nested(AdmissionBand, allow_none=True)
    wait_guarantee = fields.Nested(
        WaitGuarantee,
        allow_none=True,
        metadata={"description": "null: the bed profile has no maximum wait"},
    )


MAX_POSITIONS = 50


class PositionsQuery(Schema):
    class Meta:
        unknown = RAISE

    referral_id = fields.List(
        fields.String(validate=validate.Length(min=1, max=64)),
        required=True,
        validate=validate.Length(min=1, max=MAX_POSITIONS),
        metadata={"description": f"repeated, at most {MAX_POSITIONS} ids"},
    )


class ReferralPosition(Schema):
    referral_id = fields.String()
    status = fields.String()
    position = fields.Integer(allow_none=True)
    queue_length = fields.Integer(allow_none=True)


class ReferralPositions(Schema):
    items = fields.List(
        fields.Nested(ReferralPosition),
        metadata={
            "description": "only the caller's facility's referrals in the "
            "queue (others are left out, as missing ones)"
        },
    )


class BureauQuery(Schema):
    class Meta:
        unknown = RAISE

    region = fields.String(load_default=None, validate=validate.Length(max=10))
    bed_profile = fields.String(load_default=None, validate=validate.Length(max=40))
    facility_id = fields.String(load_default=None, validate=validate.Length(max=40))
    flag = fields.String(load_default=None, validate=validate.OneOf(FLAGGED))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))


class FlaggedEntry(Schema):
    entry_id = fields.String()
    referral_id = fields.String()
    queue_id = fields.String()
    position = fields.Integer()
    registered_on = fields.Date()
    deadline = fields.Date()
    flag = fields.String(validate=validate.OneOf(FLAGS), metadata=FLAG_DOC)
    days_over = fields.Integer()
    estimated_admission = fields.Nested(AdmissionBand, allow_none=True)


class QueueCounts(Schema):
    queue_id = fields.String()
    facility_id = fields.String()
    bed_profile = fields.String()
    waiting = fields.Integer()
    in_breach = fields.Integer()
    breach_expected = fields.Integer()
    at_risk = fields.Integer()


class BureauAnswer(Schema):
    as_of = fields.Date()
    max_wait_days = fields.Dict(keys=fields.String(), values=fields.Integer())
    total = fields.Integer(metadata={"description": "rows matching the filters"})
    offset = fields.Integer()
    limit = fields.Integer()
    entries = fields.List(fields.Nested(FlaggedEntry))
    queues = fields.List(
        fields.Nested(QueueCounts),
        metadata={"description": "every matching queue with a flagged entry"},
    )
