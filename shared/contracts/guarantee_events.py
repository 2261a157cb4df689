"""The waiting-time guarantee's events (the queue's others are in
``events.py``): an entry whose estimated admission passes, or may pass, its
bed profile's maximum wait (``queue.wait_at_risk``), or whose deadline has
passed (``queue.wait_breached``). Told once per level; not a change of the
entry (its version stays). No bed profile's name travels but inside the
common ``queue_id``; the alternatives are facility ids."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

WAIT_FLAGS = ("in_breach", "breach_expected", "at_risk")


def wait_schemas(base: type[Schema], estimate: type[Schema]) -> dict[str, Schema]:
    """The two schemas, on the queue events' common fields (``base``) and
    their estimate (``estimate``), which ``events.py`` defines."""

    class WaitGuarantee(base):  # type: ignore[valid-type,misc]
        max_wait_days = fields.Integer(required=True, validate=validate.Range(min=1))
        deadline = fields.Date(required=True)
        flag = fields.String(required=True, validate=validate.OneOf(WAIT_FLAGS))
        days_over = fields.Integer(required=True, validate=validate.Range(min=0))
        estimated_admission = fields.Nested(estimate, allow_none=True, required=True)
        alternatives = fields.List(
            fields.String(validate=validate.Regexp(r"^[A-Z0-9-]{1,40}$")),
            required=True,
        )

    return {
        "queue.wait_at_risk": WaitGuarantee(),
        "queue.wait_breached": WaitGuarantee(),
    }
