"""HTTP views: a facility's webhook registration and the delivery records of
a referral (no message bodies, no contact data)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp import web

from services.notification.adapters.deliveries import MongoDeliveries
from services.notification.adapters.repositories import MongoContacts, MongoWebhooks
from services.notification.adapters.secret_box import SecretBox
from services.notification.adapters.webhook_hosts import WebhookAddresses
from services.notification.domain.schedule import Clock
from services.notification.domain.webhook_address import RefusedAddress
from services.notification.entrypoints.schemas import (
    NotificationsQuery,
    WebhookRequest,
    WebhookResponse,
)
from services.notification.service_layer.webhooks import (
    RegisterWebhook,
    register_webhook,
    remove_webhook,
)
from shared.auth import Principal
from shared.http import ApiError, load_body, load_query, require_principal
from shared.reference.registry import Registry
from shared.runtime import PLATFORM


@dataclass(frozen=True)
class ViewDeps:
    clock: Clock
    registry: Registry
    webhook_addresses: WebhookAddresses
    secret_box: SecretBox


VIEW_DEPS = web.AppKey("notification_view_deps", ViewDeps)
_WEBHOOK = WebhookResponse()
NO_STORE = {"Cache-Control": "no-store"}


def _facility_of(request: web.Request) -> str:
    """The facility in the path, if the caller may act for it."""
    principal: Principal = require_principal(request, "doctor", "admin")
    facility_id = request.match_info["facility_id"]
    if principal.role == "doctor" and principal.facility != facility_id:
        raise ApiError(403, "forbidden", "A doctor manages only their own facility.")
    if request.app[VIEW_DEPS].registry.get(facility_id) is None:
        raise ApiError(404, "facility_not_found", "No such facility.")
    return facility_id


async def put_webhook(request: web.Request) -> web.Response:
    facility_id = _facility_of(request)
    body = await load_body(request, WebhookRequest())
    deps = request.app[VIEW_DEPS]
    try:
        await deps.webhook_addresses.check(body["url"])
    except RefusedAddress as refused:
        raise ApiError(
            422,
            "validation_failed",
            "The request has invalid fields.",
            {"url": [str(refused)]},
        ) from refused
    command = RegisterWebhook(facility_id, body["url"], body["rotate_secret"])
    uow = request.app[PLATFORM].uow
    registration = await register_webhook(command, uow, deps.clock(), deps.secret_box)
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


async def get_webhook(request: web.Request) -> web.Response:
    facility_id = _facility_of(request)
    doc = await MongoWebhooks(request.app[PLATFORM].db).get(facility_id)
    if doc is None:
        raise ApiError(404, "webhook_not_found", "This facility has no webhook.")
    fields = ("url", "created_at", "updated_at")
    answer = {"facility_id": facility_id, **{k: doc[k] for k in fields}}
    return web.json_response(_WEBHOOK.dump(answer), headers=NO_STORE)


async def delete_webhook(request: web.Request) -> web.Response:
    facility_id = _facility_of(request)
    if not await remove_webhook(facility_id, request.app[PLATFORM].uow):
        raise ApiError(404, "webhook_not_found", "This facility has no webhook.")
    return web.Response(status=204)


async def list_notifications(request: web.Request) -> web.Response:
    principal = require_principal(request, "doctor", "admin")
    referral_id = load_query(request, NotificationsQuery())["referral_id"]
    db = request.app[PLATFORM].db
    contact = await MongoContacts(db).get(referral_id)
    foreign = (
        contact is not None
        and principal.role == "doctor"
        and principal.facility != contact.referring_facility_id
    )
    if contact is None or foreign:
        raise ApiError(404, "referral_not_found", "No such referral of yours.")
    records = await MongoDeliveries(db).for_referral(referral_id)
    deliveries = [
        {
            "delivery_id": r.pop("_id"),
            "recipient": r.pop("recipient_masked"),
            **{k: _iso(v) for k, v in r.items()},
        }
        for r in records
    ]
    return web.json_response(
        {
            "referral_id": referral_id,
            "hospitalization_code": contact.hospitalization_code,
            "patient_consent": contact.consent,
            "deliveries": deliveries,
        }
    )


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value
