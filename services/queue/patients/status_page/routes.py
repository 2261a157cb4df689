"""The status page's routes: the page and its files, and the two forms it
posts without JavaScript (documented beside the API they share views with)."""

from __future__ import annotations

from aiohttp import web

from services.queue.patients.status_page.forms import (
    FORM,
    CancelForm,
    LookupForm,
    cancel_form,
    lookup_form,
)
from services.queue.patients.status_page.page import asset, status_page
from shared.http import OpenApi, add_route

PAGE = ("text/html",)
PAGE_ANSWER = "The status page in the chosen language, filled in"
REFUSED = {
    403: "The page asking for the one-time code (verification_required) or "
    "saying it does not match (verification_failed)",
    404: "The page saying no referral matches this code and IIN",
    415: f"The page asking to check the fields: the body was not {FORM}",
    422: "The page asking to check the fields",
    429: "The page saying to try again later, with Retry-After",
}


def setup_status_page(app: web.Application, api: OpenApi) -> None:
    add_route(app, "GET", "/", status_page)
    add_route(app, "GET", "/static/{name}", asset)
    api.route(
        app,
        "POST",
        "/",
        lookup_form,
        summary="The status page's lookup without JavaScript: the same check "
        "and limits as POST /v1/queue/lookup, answered with the page",
        body=LookupForm,
        consumes=FORM,
        responses={200: PAGE_ANSWER},
        errors=REFUSED,
        produces=PAGE,
    )
    api.route(
        app,
        "POST",
        "/cancel",
        cancel_form,
        summary="The status page's 'Leave the queue' without JavaScript: the "
        "same check, limits and reason codes as POST /v1/queue/cancel, answered "
        "with the page showing the new state",
        body=CancelForm,
        consumes=FORM,
        responses={200: PAGE_ANSWER},
        errors={**REFUSED, 409: "The page saying it can no longer be cancelled"},
        produces=PAGE,
    )
