"""HTTP views: read the request, hand a command to the bus or ask a query,
shape the answer. A facility's webhook registration, and the delivery
records of a referral (no message bodies, no contact data)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from services.notification.domain.commands import RegisterWebhook, RemoveWebhook
from services.notification.entrypoints.errors import answering
from services.notification.entrypoints.schemas import (
    NotificationsQuery,
    WebhookRequest,
    WebhookResponse,
)
from services.notification.service_layer.errors import (
    FacilityNotFound,
    NotYourFacility,
)
from services.notification.service_layer.messagebus import MessageBus
from services.notification.service_layer.views import notifications_of, webhook_of
from services.notification.service_layer.webhooks import Registration
from shared.clock import iso
from shared.http import REGISTRY, load_body, load_query, require_principal
from shared.identity import Principal

BUS = web.AppKey("notification_bus", MessageBus)
_WEBHOOK = WebhookResponse()
NO_STORE = {"Cache-Control": "no-store"}


async def _facility_of(request: web.Request) -> str:
    """The facility in the path, if the caller may act for it: decided from
    the token before the body is read."""
    principal: Principal = await require_principal(request, "doctor", "admin")
    facility_id = request.match_info["facility_id"]
    if principal.role == "doctor" and principal.facility != facility_id:
        raise NotYourFacility()
    if request.app[REGISTRY].get(facility_id) is None:
        raise FacilityNotFound()
    return facility_id


@answering
async def put_webhook(request: web.Request) -> web.Response:
    facility_id = await _facility_of(request)
    body = await load_body(request, WebhookRequest())
    command = RegisterWebhook(facility_id, body["url"], body["rotate_secret"])
    registration: Registration = await request.app[BUS].handle(command)
    answer: dict[str, Any] = {
        "facility_id": registration.facility_id,
        "url": registration.url,
        "created_at": registration.created_at,
        "updated_at": registration.updated_at,
    }
    if registration.new_secret is not None:
        answer["secret"] = registration.new_secret
    status = 201 if registration.created else 200
    return web.json_response(_WEBHOOK.dump(answer), status=status, headers=NO_STORE)


@answering
async def get_webhook(request: web.Request) -> web.Response:
    facility_id = await _facility_of(request)
    webhook = await webhook_of(facility_id, request.app[BUS].deps.uow)
    answer = {
        "facility_id": facility_id,
        "url": webhook.url,
        "created_at": webhook.created_at,
        "updated_at": webhook.updated_at,
    }
    return web.json_response(_WEBHOOK.dump(answer), headers=NO_STORE)


@answering
async def delete_webhook(request: web.Request) -> web.Response:
    facility_id = await _facility_of(request)
    await request.app[BUS].handle(RemoveWebhook(facility_id))
    return web.Response(status=204)


@answering
async def list_notifications(request: web.Request) -> web.Response:
    principal = await require_principal(request, "doctor", "admin")
    referral_id = load_query(request, NotificationsQuery())["referral_id"]
    seen_by = principal.facility if principal.role == "doctor" else None
    found = await notifications_of(referral_id, seen_by, request.app[BUS].deps.uow)
    deliveries = [
        {
            "delivery_id": record.delivery_id,
            "recipient": record.recipient,
            "event_type": record.event_type,
            "channel": record.channel,
            "language": record.language,
            "created_at": iso(record.created_at),
            "next_attempt_at": iso(record.next_attempt_at),
            "status": record.status,
            "attempts": record.attempts,
            "last_error": record.last_error,
            "superseded_by": record.superseded_by,
            "sent_at": iso(record.sent_at),
            "updated_at": iso(record.updated_at),
        }
        for record in found.deliveries
    ]
    return web.json_response(
        {
            "referral_id": referral_id,
            "hospitalization_code": found.contact.hospitalization_code,
            "patient_consent": found.contact.consent,
            "deliveries": deliveries,
        }
    )
