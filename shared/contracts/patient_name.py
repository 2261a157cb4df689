"""The one event that carries what someone typed: the patient's full name,
for the receiving hospital's clerks. Only the queue service's binding
(``referral.*``, ``shared/messaging/topology.py``) matches its routing key;
the notification service never receives it. The name is held to a pattern
of letters, so it cannot carry a phone number, a code or markup."""

from __future__ import annotations

import re

from marshmallow import fields, validate

from shared.contracts.parts import Strict

_LETTER = r"A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0400-\u0481\u048a-\u04ff"
PERSON_NAME = re.compile(rf"[{_LETTER}][{_LETTER} '\u2019\u02bc.-]{{0,199}}\Z")
"""A person's full name: letters of the Latin (with the Kazakh Latin
alphabet's) and Cyrillic (Kazakh and Russian) scripts, spaces, hyphens,
apostrophes and dots, starting with a letter, at most 200 characters; no
digit, control character or lone surrogate."""


class ReferralPatientNamed(Strict):
    """``referral.patient_named``; ``version``: the referral's."""

    referral_id = fields.String(required=True)
    version = fields.Integer(required=True)
    full_name = fields.String(required=True, validate=validate.Regexp(PERSON_NAME))
