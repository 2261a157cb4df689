"""What the queue log's admin route takes and answers."""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

INT64 = 2**63 - 1
"""The largest number MongoDB stores; a cursor beyond it cannot be asked for."""


class LogQuery(Schema):
    class Meta:
        unknown = RAISE

    after = fields.Integer(load_default=0, validate=validate.Range(min=0, max=INT64))
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=INT64))


class LogRecord(Schema):
    n = fields.Integer()
    prev_hash = fields.String()
    hash = fields.String()
    record = fields.Dict()
    note = fields.String(
        allow_none=True,
        metadata={
            "description": "what the actor wrote; kept apart from the hashed "
            "record so it can be erased"
        },
    )


class ChainCheck(Schema):
    intact = fields.Boolean()
    checked = fields.Integer()
    first_broken = fields.Integer(allow_none=True)
    problem = fields.String(allow_none=True)


class QueueLogAnswer(Schema):
    queue_id = fields.String()
    length = fields.Integer()
    head_hash = fields.String()
    verification = fields.Nested(ChainCheck)
    records = fields.List(fields.Nested(LogRecord))
