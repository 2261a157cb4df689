"""What the event schemas of ``events.py`` are made of besides reason codes:
languages, priorities, stays, the queue's statuses, channels, the shapes of a
phone number, a machine word and a delivery's error, and the nested parts of
a registration (the contact, a pre-admission test)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from shared.contracts.reasons import PRE_ADMISSION_TESTS

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


class Strict(Schema):
    class Meta:
        unknown = "raise"


class Contact(Strict):
    """Contact data: for the notification service's use only. Other consumers
    must not store it."""

    phone = fields.String(allow_none=True, load_default=None, validate=E164)
    email = fields.Email(allow_none=True, load_default=None)
    language = fields.String(required=True, validate=validate.OneOf(LANGUAGES))
    consent = fields.Boolean(required=True)


class PreAdmissionTest(Strict):
    code = fields.String(required=True, validate=validate.OneOf(PRE_ADMISSION_TESTS))
    valid_until = fields.Date(required=True)
