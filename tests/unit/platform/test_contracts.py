"""Event contracts: one envelope, a schema per type, malformed input rejected."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from marshmallow import ValidationError

from shared.contracts import EVENT_SCHEMAS, MalformedEvent, decode, encode, new_event
from shared.contracts.envelope import from_document, to_document
from shared.messaging.topology import SUBSCRIPTIONS


def registered() -> dict[str, Any]:
    return {
        "referral_id": "R-1",
        "hospitalization_code": "KZ-H-0001",
        "version": 1,
        "iin": "870512300123",
        "referring_facility_id": "KZ-75-P01",
        "facility_id": "KZ-75-H01",
        "bed_profile": "cardiology",
        "stay": "round_the_clock",
        "priority": "planned",
        "registered_at": datetime(2025, 3, 1, 9, 30, tzinfo=UTC),
        "valid_until": date(2025, 4, 1),
        "tests": [{"code": "ecg", "valid_until": date(2025, 3, 20)}],
        "contact": {"phone": None, "email": None, "language": "ru", "consent": True},
    }


def test_an_envelope_survives_the_wire_unchanged():
    envelope = new_event("referral.registered", registered(), producer="referral")
    back = decode(encode(envelope))
    assert back.event_id == envelope.event_id
    assert back.event_type == "referral.registered"
    assert back.schema_version == 1 and back.producer == "referral"
    assert back.occurred_at == envelope.occurred_at
    assert back.correlation_id == envelope.correlation_id != ""
    assert back.data["registered_at"] == datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
    assert back.data["valid_until"] == date(2025, 4, 1)
    assert back.data["tests"][0]["valid_until"] == date(2025, 3, 20)


def test_the_stored_form_round_trips_too():
    envelope = new_event("referral.registered", registered(), producer="referral")
    assert from_document(json.loads(json.dumps(to_document(envelope)))) == envelope


def test_new_event_never_carries_a_field_its_schema_does_not_name():
    envelope = new_event(
        "referral.registered", {**registered(), "diagnosis": "I21"}, "x"
    )
    assert "diagnosis" not in envelope.data
    assert b"I21" not in encode(envelope)


def test_new_event_refuses_invalid_data():
    with pytest.raises(ValidationError, match="iin"):
        new_event("referral.registered", {**registered(), "iin": "123"}, "x")
    with pytest.raises(ValueError, match="unknown event type"):
        new_event("referral.teleported", {}, "x")


def test_every_subscribed_event_type_has_a_schema():
    known_prefixes = {t.split(".")[0] for t in EVENT_SCHEMAS}
    for patterns in SUBSCRIPTIONS.values():
        for pattern in patterns:
            head = pattern.split(".")[0]
            assert head in known_prefixes
            if not pattern.endswith("*"):
                assert pattern in EVENT_SCHEMAS


def to_document_data() -> dict[str, Any]:
    envelope = new_event("referral.registered", registered(), producer="referral")
    return dict(to_document(envelope)["data"])


def _wire(**overrides: Any) -> bytes:
    envelope = new_event("referral.registered", registered(), producer="referral")
    document = {**to_document(envelope), **overrides}
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"\xff\xfe not utf-8", "not JSON"),
        (b"{not json", "not JSON"),
        (b"[1, 2]", "not a JSON object"),
        (b'"just a string"', "not a JSON object"),
        (_wire(event_id=None), "bad envelope"),
        (_wire(schema_version=0), "bad envelope"),
        (_wire(occurred_at="yesterday"), "bad envelope"),
        (_wire(data="not an object"), "bad envelope"),
        (_wire(event_type="referral.teleported"), "unknown event type"),
        (_wire(data={**to_document_data(), "iin": "12"}), "bad referral.registered"),
        (_wire(data={**to_document_data(), "diagnosis": "I21"}), "bad referral"),
    ],
)
def test_malformed_messages_raise_malformed_event_with_the_reason(body, reason):
    with pytest.raises(MalformedEvent, match=reason):
        decode(body)


def test_a_missing_data_field_is_malformed():
    data = to_document_data()
    del data["facility_id"]
    with pytest.raises(MalformedEvent, match="facility_id"):
        decode(_wire(data=data))
