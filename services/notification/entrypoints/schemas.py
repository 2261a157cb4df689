"""HTTP request and response schemas of the notification service."""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

from services.notification.domain.model import DELIVERY_STATUSES


class WebhookRequest(Schema):
    class Meta:
        unknown = RAISE

    url = fields.Url(
        required=True,
        schemes={"http", "https"},
        require_tld=False,
        validate=validate.Length(max=2000),
        metadata={
            "description": "Where signed JSON POSTs go: https to a public address "
            "(see WEBHOOKS.md)."
        },
    )
    rotate_secret = fields.Boolean(
        load_default=False,
        metadata={"description": "Make a new signing secret (shown once)."},
    )


class WebhookResponse(Schema):
    facility_id = fields.String(required=True)
    url = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
    secret = fields.String(
        metadata={"description": "The signing secret: only in the answer that made it."}
    )


class NotificationsQuery(Schema):
    class Meta:
        unknown = RAISE

    referral_id = fields.String(required=True, validate=validate.Length(min=1, max=100))


class DeliveryView(Schema):
    delivery_id = fields.String(required=True)
    event_type = fields.String(required=True)
    channel = fields.String(required=True)
    recipient = fields.String(
        required=True, metadata={"description": "Masked: +*********67, a***@***.kz"}
    )
    language = fields.String(required=True)
    status = fields.String(
        required=True,
        validate=validate.OneOf(DELIVERY_STATUSES),
        metadata={
            "description": "pending (waiting for its time: quiet hours, a retry), "
            "sending, sent, failed (after its attempts), superseded (not sent: a "
            "later change of the referral replaced it on its channel before it "
            "went, see superseded_by), outdated (not sent: its dates had passed "
            "when it could go, last_error is date_passed)."
        },
    )
    attempts = fields.Integer(required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
    next_attempt_at = fields.DateTime(allow_none=True)
    sent_at = fields.DateTime(allow_none=True)
    last_error = fields.String(allow_none=True)
    superseded_by = fields.String(
        allow_none=True,
        metadata={
            "description": "The delivery that replaced this one (a later change "
            "of the referral on the same channel); set with status superseded, or "
            "on a message that was being sent when the later change came."
        },
    )


class NotificationsResponse(Schema):
    referral_id = fields.String(required=True)
    hospitalization_code = fields.String(required=True)
    patient_consent = fields.Boolean(required=True)
    deliveries = fields.List(fields.Nested(DeliveryView), required=True)
