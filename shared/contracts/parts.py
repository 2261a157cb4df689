"""What the event schemas of ``events.py`` are made of besides reason codes:
languages, priorities, stays, the queue's statuses, channels, the shapes of a
phone number, a machine word, a delivery's error and a person's name, and the
nested parts of a registration (the contact, a pre-admission test)."""

from __future__ import annotations

import re

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
_LETTER = r"A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0400-\u0481\u048a-\u04ff"
PERSON_NAME = re.compile(rf"[{_LETTER}][{_LETTER} '\u2019\u02bc.-]{{0,199}}\Z")
"""A person's full name: letters of the Latin (with the Kazakh Latin
alphabet's) and Cyrillic (Kazakh and Russian) scripts, spaces, hyphens,
apostrophes and dots, starting with a letter, at most 200 characters; no
digit, control character or lone surrogate."""


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
