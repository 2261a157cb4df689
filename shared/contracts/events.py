"""One schema per event type. Fields are the minimum each consumer needs.

No event carries free text: every string is an identifier, a date or a code
from a documented list (``reasons.py``); what someone typed stays in the
service that recorded it, but for a patient's name (``patient_name.py``).
Dates are ISO 8601 strings, loaded back as ``date`` and ``datetime``; unknown
fields are rejected so a producer cannot leak what the contract does not name."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from shared.contracts.guarantee_events import wait_schemas
from shared.contracts.parts import (
    CHANNELS,
    DELIVERY_ERROR,
    LANGUAGES,  # noqa: F401 - the services read it from here
    MACHINE_WORD,
    PRIORITIES,
    QUEUE_STATUSES,
    Strict,
)
from shared.contracts.reasons import (
    BED_OVERRIDE_REASONS,
    MOVE_REASONS,
    QUEUE_REASON_CODES,
    REJECTION_REASONS,
    REQUEST_REFUSALS,
)
from shared.contracts.referral_events import (
    DOCTORS_REQUESTS,
    REFERRAL_SCHEMAS,
    UPDATED_PARTS,
    AboutReferral,
)


class _QueueEvent(Strict):
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


class EstimatedAdmission(Strict):
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


class EntryMoved(EntryPlaced):
    """The same entry (and code) in another hospital's queue of the profile
    (``queue_id``, ``facility_id``), at its registration time's place there."""

    from_facility_id = fields.String(required=True)
    reason_code = fields.String(required=True, validate=validate.OneOf(MOVE_REASONS))


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
    reinstatable_until = fields.Date(allow_none=True, load_default=None)


class EntryExpired(_QueueEvent):
    reinstatable_until = fields.Date(required=True)


class ExpiryApproaching(_QueueEvent):
    valid_until = fields.Date(required=True)


class PositionMilestone(_QueueEvent):
    position = fields.Integer(required=True)


class PatientDischarged(_QueueEvent):
    pass


class EntryReinstated(_QueueEvent):
    """Also ``queue.entry_renewed``'s: the new validity."""

    valid_until = fields.Date(required=True)


class EntryUpdated(_QueueEvent):
    """The doctor's edit (``referral_version``) carried out: ``changed``
    names what the entry took (tests; a reorder also priority)."""

    referral_version = fields.Integer(required=True)
    changed = fields.List(
        fields.String(validate=validate.OneOf(UPDATED_PARTS)),
        required=True,
        validate=validate.Length(min=1),
    )


class EntryReordered(EntryUpdated):
    """A new priority: the entry's place among the waiting (``position``
    null unless it waits), like ``queue.entry_placed``'s."""

    priority = fields.String(required=True, validate=validate.OneOf(PRIORITIES))
    position = fields.Integer(required=True, allow_none=True)
    queue_length = fields.Integer(required=True)
    estimated_admission = fields.Nested(EstimatedAdmission, allow_none=True)


class RequestRefused(AboutReferral):
    """Not a change of the entry (no version); ``status``: where it stands."""

    referral_version = fields.Integer(required=True)
    request = fields.String(required=True, validate=validate.OneOf(DOCTORS_REQUESTS))
    entry_id = fields.String(allow_none=True, load_default=None)
    status = fields.String(
        allow_none=True, load_default=None, validate=validate.OneOf(QUEUE_STATUSES)
    )
    reason_code = fields.String(
        required=True, validate=validate.OneOf(REQUEST_REFUSALS)
    )


class EmergencyAdmitted(Strict):
    admission_id = fields.String(required=True)
    facility_id = fields.String(required=True)
    queue_id = fields.String(required=True)
    actor = fields.String(required=True)


class _LookupEvent(Strict):
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


class NotificationFailed(Strict):
    delivery_id = fields.String(required=True)
    referral_id = fields.String(required=True)
    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    source_event_type = fields.String(required=True, validate=MACHINE_WORD)
    attempts = fields.Integer(required=True)
    error = fields.String(required=True, validate=DELIVERY_ERROR)


EVENT_SCHEMAS: dict[str, Schema] = {
    **REFERRAL_SCHEMAS,
    "queue.entry_placed": EntryPlaced(),
    "queue.admission_scheduled": AdmissionScheduled(),
    "queue.patient_admitted": PatientAdmitted(),
    "queue.no_show": NoShow(),
    "queue.entry_rejected": EntryRejected(),
    "queue.entry_cancelled": EntryCancelled(),
    "queue.entry_expired": EntryExpired(),
    "queue.entry_reinstated": EntryReinstated(),
    "queue.entry_renewed": EntryReinstated(),
    "queue.request_refused": RequestRefused(),
    "queue.entry_updated": EntryUpdated(),
    "queue.entry_reordered": EntryReordered(),
    "queue.entry_moved": EntryMoved(),
    "queue.expiry_approaching": ExpiryApproaching(),
    "queue.position_milestone": PositionMilestone(),
    "queue.patient_discharged": PatientDischarged(),
    "queue.emergency_admitted": EmergencyAdmitted(),
    "queue.verification_requested": VerificationRequested(),
    "queue.lookup_guessed": LookupGuessed(),
    "notification.failed": NotificationFailed(),
    **wait_schemas(_QueueEvent, EstimatedAdmission),
}
