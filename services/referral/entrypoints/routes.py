"""The referral service's routes, each declared with its OpenAPI text."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from services.referral.entrypoints import answers, http, schemas
from shared.contracts.reasons import DOCTOR_CANCEL_REASONS
from shared.http import OpenApi

DOCTOR = ("doctor",)
IDEMPOTENCY_KEY = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {"type": "string", "maxLength": 255},
    "description": (
        "Makes a retried POST safe: the same key with the same body returns the "
        "first answer (same status, body and Location, with Idempotent-Replayed: "
        "true) and never a second referral; the same key with another body "
        "answers 422 idempotency_key_reused. Keys are per doctor and kept 48 h."
    ),
}
REGISTER_TEXT = (
    "Registers a referral from the token's facility and practitioner. "
    + schemas.VALIDITY_TEXT
    + " Warnings (e.g. a test that lapses before the referral) come with the "
    "201. One active (registered, waiting or scheduled) referral per patient "
    "and bed profile: another answers 409 active_referral_exists naming the "
    "existing referral (code and id) when it is the caller's facility's own, "
    "and 409 active_referral_elsewhere, which names nothing, when it is another "
    "facility's. A patient the hospital's beds of the profile do not admit "
    "(the registry's age range or sex for them, from the IIN on the day of "
    "registration) answers 422 naming bed_profile. A token whose facility is "
    "not in the registry answers 401."
)


ROUTES: tuple[dict[str, Any], ...] = (
    dict(
        method="POST",
        path="/v1/referrals",
        handler=http.register_referral,
        summary="Register a referral for planned hospitalization. " + REGISTER_TEXT,
        body=schemas.ReferralIn,
        responses={201: answers.ReceiptOut},
        errors=(403, 409, 413),
        headers=[IDEMPOTENCY_KEY],
    ),
    dict(
        method="GET",
        path="/v1/referrals",
        handler=http.list_referrals,
        summary="The referrals of the caller's facility, newest first.",
        query=schemas.ListQuery,
        responses={200: answers.ReferralPageOut},
    ),
    dict(
        method="POST",
        path="/v1/referrals/search",
        handler=http.search_referrals,
        summary="A patient's referrals at the caller's facility, newest first "
        "(the IIN goes in the body so it never appears in a URL or a log).",
        body=schemas.SearchIn,
        responses={200: answers.ReferralPageOut},
    ),
    dict(
        method="GET",
        path="/v1/referrals/{referral_id}",
        handler=http.get_referral,
        summary="One referral of the caller's facility with its status history "
        "(another facility's referral answers 404).",
        responses={200: answers.ReferralOut},
        errors=(404,),
    ),
    dict(
        method="POST",
        path="/v1/referrals/{referral_id}/cancel",
        handler=http.cancel_referral,
        summary="Cancel a referral with a reason_code ("
        + ", ".join(DOCTOR_CANCEL_REASONS)
        + "; other needs a note), while it is not yet admitted (registered, "
        "waiting, scheduled or expired); otherwise 409 referral_closed. Only the "
        "code travels to the queue; the note stays with the referral.",
        body=schemas.CancelIn,
        responses={200: answers.ReferralOut},
        errors=(404, 409, 413),
    ),
)
"""Every route, for a doctor's token, with its OpenAPI text."""


def setup_routes(app: web.Application, api: OpenApi) -> None:
    for route in ROUTES:
        api.route(app, roles=DOCTOR, **route)
