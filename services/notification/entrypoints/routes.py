"""Every route of the notification service, documented as it is added."""

from __future__ import annotations

from aiohttp import web

from services.notification.entrypoints import views
from services.notification.entrypoints.schemas import (
    NotificationsQuery,
    NotificationsResponse,
    WebhookRequest,
    WebhookResponse,
)
from shared.http import OpenApi, finish_routes

WEBHOOK_PATH = "/v1/facilities/{facility_id}/webhook"
ROLES = ("doctor", "admin")


def setup_routes(app: web.Application) -> None:
    api = OpenApi(
        "Kezek notification service",
        "1.0.0",
        "Tells patients (SMS, e-mail) and referring facilities (signed webhooks, "
        "see WEBHOOKS.md) what happens to a referral.",
    )
    api.route(
        app,
        "PUT",
        WEBHOOK_PATH,
        views.put_webhook,
        summary="Register or replace the facility's webhook URL",
        body=WebhookRequest,
        responses={200: WebhookResponse, 201: WebhookResponse},
        errors=(404,),
        roles=ROLES,
    )
    api.route(
        app,
        "GET",
        WEBHOOK_PATH,
        views.get_webhook,
        summary="The facility's webhook registration (without the secret)",
        responses={200: WebhookResponse},
        errors=(404,),
        roles=ROLES,
    )
    api.route(
        app,
        "DELETE",
        WEBHOOK_PATH,
        views.delete_webhook,
        summary="Stop sending webhooks to the facility",
        responses={204: None},
        errors=(404,),
        roles=ROLES,
    )
    api.route(
        app,
        "GET",
        "/v1/notifications",
        views.list_notifications,
        summary="Delivery records of a referral (no bodies, masked recipients)",
        query=NotificationsQuery,
        responses={200: NotificationsResponse},
        errors=(404,),
        roles=ROLES,
    )
    api.setup(app)
    finish_routes(app)
