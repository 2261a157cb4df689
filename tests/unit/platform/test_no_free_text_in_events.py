"""No event can carry free text: every string field of every event schema is
either held to a documented list or a pattern, or is one of a few reviewed
identifier fields (which the services fill from ids, never from what someone
typed)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from marshmallow import Schema, ValidationError, fields, validate

from shared.contracts import EVENT_SCHEMAS, MalformedEvent, decode, encode, new_event
from shared.contracts.envelope import to_document
from shared.contracts.reasons import (
    DOCTOR_CANCEL_REASONS,
    QUEUE_REASON_CODES,
    REASON_LISTS,
    SYSTEM_REASONS,
)

IDENTIFIERS = {
    "referral_id": "a uuid made by the referral service",
    "hospitalization_code": "made by the referral service (or EM-<id>)",
    "entry_id": "a uuid made by the queue service",
    "admission_id": "a uuid made by the queue service",
    "delivery_id": "a digest made by the notification service",
    "queue_id": "<facility_id>:<bed_profile>",
    "facility_id": "a registry id, checked against the registry",
    "referring_facility_id": "the doctor's facility, from the token",
    "to_facility_id": "a registry id, checked against the registry (a move's)",
    "from_facility_id": "the registry id of the hospital a moved entry left",
    "bed_profile": "a registry code, checked against the registry",
    "actor": "role and ids from the token (role:facility:subject)",
}
"""Reviewed: each is an identifier the services make or check, never words."""

BOUNDED = (validate.OneOf, validate.Regexp, validate.Email)


def string_fields(schema: Schema, path: str = "") -> Iterator[tuple[str, fields.Field]]:
    for name, field in schema.fields.items():
        yield from _strings(field, f"{path}{name}")


def _strings(field: fields.Field, path: str) -> Iterator[tuple[str, fields.Field]]:
    if isinstance(field, fields.Nested):
        nested = field.schema
        yield from string_fields(nested, f"{path}.")
    elif isinstance(field, fields.List):
        yield from _strings(field.inner, f"{path}[]")
    elif isinstance(field, fields.Dict):
        raise AssertionError(f"{path}: a free-form mapping could carry anything")
    elif isinstance(field, fields.String):
        yield path, field


EVERY_STRING = [
    (event_type, path, field)
    for event_type, schema in sorted(EVENT_SCHEMAS.items())
    for path, field in string_fields(schema)
]


@pytest.mark.parametrize(
    ("event_type", "path", "field"),
    EVERY_STRING,
    ids=[f"{t}:{p}" for t, p, _ in EVERY_STRING],
)
def test_every_string_in_an_event_is_a_code_a_pattern_or_a_reviewed_identifier(
    event_type, path, field
):
    bounded = any(isinstance(v, BOUNDED) for v in field.validators)
    name = path.rsplit(".", 1)[-1]
    assert bounded or name in IDENTIFIERS, (
        f"{event_type}.{path} takes any text: give it a documented list or a "
        "pattern, or review it as an identifier"
    )


def test_the_walk_sees_nested_and_listed_fields():
    paths = {(t, p) for t, p, _ in EVERY_STRING}
    assert ("referral.registered", "tests[].code") in paths
    assert ("referral.registered", "contact.phone") in paths


def test_the_allow_list_names_only_fields_that_exist():
    names = {p.rsplit(".", 1)[-1] for _, p, _ in EVERY_STRING}
    assert set(IDENTIFIERS) <= names


WORDS = "patient called from +77011234567"
CANCELLED = {
    "referral_id": "r1",
    "hospitalization_code": "75-X",
    "version": 2,
    "actor": "doctor:dr-1",
}
ENTRY = {
    "entry_id": "e1",
    "referral_id": "r1",
    "hospitalization_code": "75-X",
    "queue_id": "KZ-75-M01:psychiatry",
    "facility_id": "KZ-75-M01",
    "referring_facility_id": "KZ-75-P01",
    "version": 2,
    "status": "cancelled",
}


@pytest.mark.parametrize(
    ("event_type", "data"),
    [
        ("referral.cancelled", CANCELLED),
        ("queue.entry_cancelled", ENTRY),
        ("queue.entry_rejected", ENTRY),
    ],
)
def test_words_in_a_reason_code_are_refused(event_type, data):
    with pytest.raises(ValidationError) as caught:
        new_event(event_type, {**data, "reason_code": WORDS}, "t")
    assert "reason_code" in caught.value.messages


def test_a_free_text_reason_never_reaches_the_wire_nor_is_accepted_from_it():
    with pytest.raises(ValidationError) as caught:
        new_event("referral.cancelled", {**CANCELLED, "reason": WORDS}, "t")
    assert "reason_code" in caught.value.messages
    envelope = new_event("queue.entry_cancelled", {**ENTRY, "reason": WORDS}, "t")
    assert WORDS.encode() not in encode(envelope)
    document = to_document(envelope)
    document["data"] = {**document["data"], "reason": WORDS}
    with pytest.raises(MalformedEvent, match="reason"):
        decode(json.dumps(document).encode())


def test_queue_events_take_every_documented_queue_reason_and_no_override_code():
    assert set(DOCTOR_CANCEL_REASONS) | set(SYSTEM_REASONS) <= set(QUEUE_REASON_CODES)
    assert "extra_bed" not in QUEUE_REASON_CODES


def test_every_list_is_small_and_its_codes_are_machine_words():
    for listed, codes in REASON_LISTS.items():
        assert 3 <= len(codes) <= 15, listed
        for code in codes:
            assert code.isascii() and code.replace("_", "").isalpha(), code
