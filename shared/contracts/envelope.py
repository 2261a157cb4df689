"""The envelope every event travels in, and its (de)serialisation."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from shared.clock import utc_now
from shared.logging import correlation_id_var


class MalformedEvent(ValueError):
    """A message that is not a valid event: it goes to the dead-letter queue."""


@dataclass(frozen=True)
class Envelope:
    event_type: str
    data: dict[str, Any]
    producer: str
    event_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    schema_version: int = 1
    occurred_at: datetime = field(default_factory=utc_now)
    correlation_id: str = ""


class EnvelopeSchema(Schema):
    event_id = fields.String(required=True, validate=validate.Length(min=8, max=64))
    event_type = fields.String(required=True)
    schema_version = fields.Integer(required=True, validate=validate.Range(min=1))
    occurred_at = fields.AwareDateTime(required=True, default_timezone=UTC)
    producer = fields.String(required=True)
    correlation_id = fields.String(load_default="")
    data = fields.Dict(required=True)


_ENVELOPE = EnvelopeSchema()


def new_event(event_type: str, data: dict[str, Any], producer: str) -> Envelope:
    """A new event, validated against its schema, carrying the current
    correlation id."""
    from shared.contracts.events import EVENT_SCHEMAS

    schema = EVENT_SCHEMAS.get(event_type)
    if schema is None:
        raise ValueError(f"unknown event type {event_type!r}")
    checked = schema.load(schema.dump(data))
    return Envelope(
        event_type=event_type,
        data=schema.dump(checked),
        producer=producer,
        correlation_id=correlation_id_var.get() or uuid.uuid4().hex,
    )


def to_document(envelope: Envelope) -> dict[str, Any]:
    return dict(_ENVELOPE.dump(envelope))


def encode(envelope: Envelope) -> bytes:
    return json.dumps(to_document(envelope), separators=(",", ":")).encode()


def decode(body: bytes) -> Envelope:
    """Parse and validate a message body; raise MalformedEvent with the reason."""
    from shared.contracts.events import EVENT_SCHEMAS

    try:
        raw = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedEvent(f"body is not JSON: {exc}") from exc
    if not isinstance(raw, dict):
        raise MalformedEvent("body is not a JSON object")
    try:
        loaded = _ENVELOPE.load(raw)
    except ValidationError as exc:
        raise MalformedEvent(f"bad envelope: {exc.messages}") from exc
    schema = EVENT_SCHEMAS.get(loaded["event_type"])
    if schema is None:
        raise MalformedEvent(f"unknown event type {loaded['event_type']!r}")
    try:
        data = schema.load(loaded["data"])
    except ValidationError as exc:
        raise MalformedEvent(
            f"bad {loaded['event_type']} data: {exc.messages}"
        ) from exc
    return Envelope(**{**loaded, "data": data})


def from_document(document: dict[str, Any]) -> Envelope:
    """An envelope stored by :func:`to_document` (for example in an outbox)."""
    loaded = _ENVELOPE.load(document)
    return Envelope(**loaded)
