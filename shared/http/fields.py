"""Request fields every service reads the same way."""

from __future__ import annotations

import unicodedata
from typing import Any

from marshmallow import ValidationError, fields, validate

from shared.contracts.parts import LANGUAGES
from shared.contracts.patient_name import PERSON_NAME
from shared.hospitalization_code import normalize

NOT_A_CODE = (
    "Not a hospitalization code (like 75-XXXX-XXXX-X): a symbol is missing or mistyped."
)


class HospitalizationCode(fields.String):
    """A hospitalization code as people type it (any case, with or without
    hyphens and spaces, O for 0, I or L for 1), loaded in its canonical form."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        code = normalize(text)
        if code is None:
            raise ValidationError(NOT_A_CODE)
        return code


def language_parameter(description: str) -> fields.String:
    """A ``lang`` parameter: one of ``LANGUAGES``, or None when not given
    (the caller then reads ``Accept-Language``: ``asked_language``)."""
    return fields.String(
        load_default=None,
        validate=validate.OneOf(LANGUAGES),
        metadata={"description": description},
    )


NOT_A_NAME = (
    "Give the full name in letters (Kazakh, Russian or Latin), with spaces, "
    "hyphens, apostrophes or dots, at most 200 characters."
)


class PersonName(fields.String):
    """A patient's full name as their documents write it: trimmed and
    NFC-normalised, then held to ``PERSON_NAME`` (the message never repeats
    what was typed)."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        name = unicodedata.normalize("NFC", text.strip())
        if not PERSON_NAME.match(name):
            raise ValidationError(NOT_A_NAME)
        return name
