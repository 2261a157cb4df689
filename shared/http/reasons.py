"""Request fields that say why: a reason code from a documented list (it
travels to other systems) and a note in words (it stays in the service that
recorded it). A body that still sends the old free-text ``reason`` or
``override_reason`` gets a 422 that names the code field and its values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    pre_load,
    validate,
    validates_schema,
)
from marshmallow.validate import OneOf

NOTE_MAX = 500
NOTE_TEXT = (
    "Optional words (at most 500 characters); kept in this service only, never "
    "sent in an event, a webhook or a message."
)
FREE_TEXT_FIELDS = {"reason": "reason_code", "override_reason": "override_reason_code"}
OTHER = "other"


def coded(codes: Mapping[str, str], *, required: bool = True) -> fields.String:
    """A code from ``codes``; the message for a missing or unknown one lists
    the allowed values."""
    choices = ", ".join(codes)
    described = "; ".join(f"{code}: {meaning}" for code, meaning in codes.items())
    options: dict[str, Any] = {"required": True} if required else {}
    if not required:
        options["load_default"] = None
    return fields.String(
        validate=validate.OneOf(list(codes), error=f"Must be one of: {choices}."),
        error_messages={"required": f"Give one of: {choices}."},
        metadata={"description": described},
        **options,
    )


class Note(fields.String):
    """Words someone typed, trimmed; blank is refused."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if not text:
            raise ValidationError("Leave note out, or write something in it.")
        return text


def note_field(description: str = NOTE_TEXT) -> fields.String:
    return Note(
        load_default=None,
        validate=validate.Length(max=NOTE_MAX),
        metadata={"description": description},
    )


class ReasonedRequest(Schema):
    """A request body with reason codes and a note. ``NOTE_FOR_OTHER`` names
    the code fields whose ``other`` needs the note to say why."""

    NOTE_FOR_OTHER: tuple[str, ...] = ()

    class Meta:
        unknown = RAISE

    @pre_load
    def _no_free_text_reason(self, data: Any, **kwargs: Any) -> Any:
        if isinstance(data, dict):
            errors = {
                old: [self._instead(code_field)]
                for old, code_field in FREE_TEXT_FIELDS.items()
                if old in data
            }
            if errors:
                raise ValidationError(errors)
        return data

    def _instead(self, code_field: str) -> str:
        field = self.fields.get(code_field)
        validators = field.validators if field is not None else []
        choices = [v.choices for v in validators if isinstance(v, OneOf)]
        if not choices:
            return "Free-text reasons are no longer taken: put words in note."
        codes = ", ".join(str(c) for c in choices[0])
        return (
            f"Free-text reasons are no longer taken: give {code_field} (one of: "
            f"{codes}) and put any words in note, which stays in this service."
        )

    @validates_schema
    def _other_needs_a_note(self, data: Mapping[str, Any], **kwargs: Any) -> None:
        for code_field in self.NOTE_FOR_OTHER:
            if data.get(code_field) == OTHER and not data.get("note"):
                raise ValidationError(
                    f"Give a note when {code_field} is other.", "note"
                )
