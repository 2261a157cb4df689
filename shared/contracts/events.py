"""One schema per event type. Fields are the minimum each consumer needs.

No event carries free text: every string is an identifier, a date or a code
from a documented list (``shared/contracts/reasons.py``); what someone typed
stays in the service that recorded it. Dates travel as ISO 8601 strings;
consumers load them back to ``date`` and ``datetime`` objects through these
schemas. Unknown fields are rejected so a
producer cannot leak data the contract does not name.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from shared.contracts.reasons import (
    BED_OVERRIDE_REASONS,
    DOCTOR_CANCEL_REASONS,
    PRE_ADMISSION_TESTS,
    QUEUE_REASON_CODES,
    REJECTION_REASONS,
)

LANGUAGES = ("kk", "ru", "en")
PRIORITIES = ("planned", "urgent")
STAYS = ("round_the_clock", "day")
QUEUE_STATUSES = (
    "waiting",
    "scheduled",
    "admitted",
    "discharged",
    "rejected",
    "cancelled",
    "expired",
)
CHANNELS = ("sms", "email", "webhook")
E164 = validate.Regexp(r"^\+[1-9][0-9]{6,14}$")
MACHINE_WORD = validate.Regexp(r"^[A-Za-z0-9_.]{1,100}$")
DELIVERY_ERROR = validate.Regexp(r"^(HTTP [0-9]{3}|[a-z0-9_]{1,60})$")
"""What a failed delivery records: ``timeout``, ``unreachable``, ``HTTP 503``
or a word such as ``webhook_not_registered``; never an exception's text."""


class _Strict(Schema):
    class Meta:
        unknown = "raise"


class Contact(_Strict):
    """Contact data: for the notification service's use only. Other consumers
    must not store it."""

    phone = fields.String(allow_none=True, load_default=None, validate=E164)
    email = fields.Email(allow_none=True, load_default=None)
    language = fields.String(required=True, validate=validate.OneOf(LANGUAGES))
    consent = fields.Boolean(required=True)


class PreAdmissionTest(_Strict):
    code = fields.String(required=True, validate=validate.OneOf(PRE_ADMISSION_TESTS))
    valid_until = fields.Date(required=True)


class ReferralRegistered(_Strict):
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


class ReferralCancelled(_Strict):
    referral_id = fields.String(required=True)
    hospitalization_code = fields.String(required=True)
    version = fields.Integer(required=True)
    reason_code = fields.String(
        required=True, validate=validate.OneOf(DOCTOR_CANCEL_REASONS)
    )
    actor = fields.String(required=True)


class _QueueEvent(_Strict):
    """What every queue event carries: the entry and where it stands."""

    entry_id = fields.String(required=True)
    referral_id = fields.String(required=True)
    hospitalization_code = fields.String(required=True)
    queue_id = fields.String(required=True)
    facility_id = fields.String(required=True)
    referring_facility_id = fields.String(required=True)
    version = fields.Integer(required=True)
    status = fields.String(required=True, validate=validate.OneOf(QUEUE_STATUSES))
    actor = fields.String(load_default="system")
    reason_code = fields.String(
        allow_none=True, load_default=None, validate=validate.OneOf(QUEUE_REASON_CODES)
    )


class EstimatedAdmission(_Strict):
    """When the patient may expect admission: ``earliest`` to ``latest``; or,
    when the band reaches past ``horizon`` (two years out), not before
    ``earliest`` and possibly later than ``horizon`` (``beyond_horizon``,
    ``latest`` null). Both fields came after the first version and are
    optional: an event without them is a band within the horizon."""

    earliest = fields.Date(required=True)
    latest = fields.Date(required=True, allow_none=True)
    beyond_horizon = fields.Boolean(load_default=False)
    horizon = fields.Date(allow_none=True, load_default=None)


class EntryPlaced(_QueueEvent):
    position = fields.Integer(required=True)
    queue_length = fields.Integer(required=True)
    estimated_admission = fields.Nested(EstimatedAdmission, allow_none=True)


class AdmissionScheduled(_QueueEvent):
    scheduled_date = fields.Date(required=True)
    override_reason_code = fields.String(
        allow_none=True,
        load_default=None,
        validate=validate.OneOf(BED_OVERRIDE_REASONS),
    )


class PatientAdmitted(_QueueEvent):
    pass


class NoShow(_QueueEvent):
    returned_to_waiting = fields.Boolean(required=True)


class EntryRejected(_QueueEvent):
    reason_code = fields.String(
        required=True, validate=validate.OneOf(REJECTION_REASONS)
    )


class EntryCancelled(_QueueEvent):
    pass


class EntryExpired(_QueueEvent):
    reinstatable_until = fields.Date(required=True)


class ExpiryApproaching(_QueueEvent):
    valid_until = fields.Date(required=True)


class PositionMilestone(_QueueEvent):
    position = fields.Integer(required=True)


class PatientDischarged(_QueueEvent):
    pass


class EntryReinstated(_QueueEvent):
    pass


class EmergencyAdmitted(_Strict):
    admission_id = fields.String(required=True)
    facility_id = fields.String(required=True)
    queue_id = fields.String(required=True)
    actor = fields.String(required=True)


class _LookupEvent(_Strict):
    """What the patient lookup asks to be sent. Not a change of the entry:
    no version, and no consumer but the notification service."""

    entry_id = fields.String(required=True)
    referral_id = fields.String(required=True)
    hospitalization_code = fields.String(required=True)


class VerificationRequested(_LookupEvent):
    """The one-time code travels here and in the message made of it only."""

    one_time_code = fields.String(required=True, validate=validate.Regexp(r"^\d{6}$"))
    expires_at = fields.AwareDateTime(required=True)


class LookupGuessed(_LookupEvent):
    at = fields.AwareDateTime(required=True)


class NotificationFailed(_Strict):
    delivery_id = fields.String(required=True)
    referral_id = fields.String(required=True)
    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    source_event_type = fields.String(required=True, validate=MACHINE_WORD)
    attempts = fields.Integer(required=True)
    error = fields.String(required=True, validate=DELIVERY_ERROR)


EVENT_SCHEMAS: dict[str, Schema] = {
    "referral.registered": ReferralRegistered(),
    "referral.cancelled": ReferralCancelled(),
    "queue.entry_placed": EntryPlaced(),
    "queue.admission_scheduled": AdmissionScheduled(),
    "queue.patient_admitted": PatientAdmitted(),
    "queue.no_show": NoShow(),
    "queue.entry_rejected": EntryRejected(),
    "queue.entry_cancelled": EntryCancelled(),
    "queue.entry_expired": EntryExpired(),
    "queue.entry_reinstated": EntryReinstated(),
    "queue.expiry_approaching": ExpiryApproaching(),
    "queue.position_milestone": PositionMilestone(),
    "queue.patient_discharged": PatientDischarged(),
    "queue.emergency_admitted": EmergencyAdmitted(),
    "queue.verification_requested": VerificationRequested(),
    "queue.lookup_guessed": LookupGuessed(),
    "notification.failed": NotificationFailed(),
}
