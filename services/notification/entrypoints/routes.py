"""Every route of the notification service, documented as it is added."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from services.notification.entrypoints import views
from services.notification.entrypoints.errors import View
from services.notification.entrypoints.schemas import (
    NotificationsQuery,
    NotificationsResponse,
    WebhookRequest,
    WebhookResponse,
)
from shared.http import OpenApi, finish_routes

WEBHOOK_PATH = "/v1/facilities/{facility_id}/webhook"
ROLES = ("doctor", "admin")
ROUTES: tuple[tuple[str, str, View, dict[str, Any]], ...] = (
    (
        "PUT",
        WEBHOOK_PATH,
        views.put_webhook,
        {
            "summary": "Register or replace the facility's webhook URL",
            "body": WebhookRequest,
            "responses": {200: WebhookResponse, 201: WebhookResponse},
        },
    ),
    (
        "GET",
        WEBHOOK_PATH,
        views.get_webhook,
        {
            "summary": "The facility's webhook registration (without the secret)",
            "responses": {200: WebhookResponse},
        },
    ),
    (
        "DELETE",
        WEBHOOK_PATH,
        views.delete_webhook,
        {
            "summary": "Stop sending webhooks to the facility",
            "responses": {204: None},
        },
    ),
    (
        "GET",
        "/v1/notifications",
        views.list_notifications,
        {
            "summary": "Delivery records of a referral (no bodies, masked recipients)",
            "query": NotificationsQuery,
            "responses": {200: NotificationsResponse},
        },
    ),
)
"""Method, path, view and documentation; each answers 404 too."""


def setup_routes(app: web.Application) -> None:
    api = OpenApi(
        "Kezek notification service",
        "1.0.0",
        "Tells patients (SMS, e-mail) and referring facilities (signed webhooks, "
        "see WEBHOOKS.md) what happens to a referral.",
    )
    for method, path, view, documentation in ROUTES:
        api.route(app, method, path, view, errors=(404,), roles=ROLES, **documentation)
    api.setup(app)
    finish_routes(app)
