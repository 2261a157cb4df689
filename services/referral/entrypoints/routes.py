"""The referral service's routes, each declared with its OpenAPI text."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from services.referral.entrypoints import answers, http, schemas
from shared.contracts.reasons import (
    DOCTOR_CANCEL_REASONS,
    MOVE_REASONS,
    PRIORITY_CHANGE_REASONS,
    REINSTATE_REASONS,
    RENEWAL_REASONS,
)
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
        "true) and never a second referral or request; the same key with another "
        "body or route answers 422 idempotency_key_reused. Keys are per doctor "
        "and kept 48 h."
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

ASYNCHRONOUS = (
    " The queue service carries the request out, so the answer is 202 Accepted "
    "with the referral as it stands and the request under pending (Location: "
    "the referral). The referral's history then shows the outcome: a queue "
    "step with action reinstated or renewed, or reinstatement_refused / "
    "renewal_refused with the queue's reason_code (not_in_queue, "
    "not_reinstatable, reinstatement_window_passed, validity_in_past, "
    "not_active, validity_not_later); the facility's webhook hears the same. "
    "One request at a time: another while one is pending answers 409 "
    "request_pending. Only the reason code travels; the note stays with the "
    "referral. Another facility's referral answers 404 as an unknown one."
)
REINSTATE_TEXT = (
    "Bring a closed referral back to the waiting list at its original place "
    "(ahead of everyone registered after it), with a new validity, within "
    "REINSTATE_DAYS (30) of the closure (reinstatable_until in the referral's "
    "queue part): an expired referral, or one closed by the patient's own "
    "cancellation or by an emergency admission elsewhere. A rejection, an "
    "admission, a doctor's own cancellation or a second no-show cannot be "
    "undone (409 not_reinstatable); after the window 409 "
    "reinstatement_window_passed; while another referral of the patient for "
    "the bed profile is active, 409 active_referral_exists (your facility's) or "
    "active_referral_elsewhere. reason_code: "
    + ", ".join(REINSTATE_REASONS)
    + " (other needs a note)."
)
RENEW_TEXT = (
    "Extend the validity of a waiting or scheduled referral (otherwise 409 "
    "referral_not_active) to a later valid_until, at most "
    "REFERRAL_VALIDITY_DAYS (90) from today (422 naming valid_until otherwise); "
    "its expiry reminder is then due before the new date. reason_code: "
    + ", ".join(RENEWAL_REASONS)
    + " (other needs a note)."
)

EDIT_TEXT = (
    "Change what may change on a registered, waiting or scheduled referral "
    "(otherwise 409 referral_not_active): tests (the whole new list, checked "
    "as at registration: a lapsed test is refused), the patient's phone, "
    "email, language, consent or full_name (only the fields given; the result "
    "must keep a mobile number or an e-mail address), or priority with its "
    "priority_reason (urgent needs one) and a reason_code for the change ("
    + ", ".join(PRIORITY_CHANGE_REASONS)
    + "; other needs a note). It applies at once as the referral's next "
    "version (a history step with action edited naming the fields changed, "
    "never their values) and answers 200 with the referral as GET shows it. "
    "The queue hears of new tests (a pull takes the patient again once they "
    "are valid) and of a new priority (the entry keeps its registration time "
    "and moves among the other priority's entries: a reorder, in the queue's "
    "log; the patient is told the new place, never why); the notifications "
    "hear of a new contact. An edit that changes nothing answers 422; with "
    'If-Match: "<version>" an edit of a referral that has moved on answers '
    "412 version_mismatch. Another facility's referral answers 404."
)
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "schema": {"type": "string", "example": '"3"'},
    "description": "The referral's version the doctor last saw, as an entity "
    "tag; 412 version_mismatch if it has changed since.",
}
MOVE_TEXT = (
    "Move a waiting referral to another hospital's queue of the same bed "
    "profile (e.g. one with a shorter expected wait, the patient's choice, "
    "closer to home), keeping its registration time: in the new queue it "
    "stands ahead of everyone registered after it (priority first, as "
    "everywhere). The same hospitalization code keeps working for the patient; "
    "the old hospital no longer sees the patient, the new one does. Only while "
    "waiting: a scheduled referral has a bed booked at its hospital (409 "
    "referral_not_waiting). facility_id must be another registry hospital "
    "with the referral's bed profile, stay and finance source whose beds admit "
    "the patient today (422 naming facility_id otherwise). reason_code: "
    + ", ".join(MOVE_REASONS)
    + " (other needs a note)."
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
        summary="The referrals of the caller's facility, newest first (mine=true: "
        "only those the caller registered).",
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
        method="PATCH",
        path="/v1/referrals/{referral_id}",
        handler=http.edit_referral,
        summary=EDIT_TEXT,
        body=schemas.EditIn,
        responses={200: answers.ReferralOut},
        errors=(404, 409, 412, 413),
        headers=[IDEMPOTENCY_KEY, IF_MATCH],
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
    dict(
        method="POST",
        path="/v1/referrals/{referral_id}/reinstate",
        handler=http.reinstate_referral,
        summary=REINSTATE_TEXT + ASYNCHRONOUS,
        body=schemas.ReinstateIn,
        responses={202: answers.RequestReceiptOut},
        errors=(404, 409, 413),
        headers=[IDEMPOTENCY_KEY],
    ),
    dict(
        method="POST",
        path="/v1/referrals/{referral_id}/renew",
        handler=http.renew_referral,
        summary=RENEW_TEXT + ASYNCHRONOUS,
        body=schemas.RenewIn,
        responses={202: answers.RequestReceiptOut},
        errors=(404, 409, 413),
        headers=[IDEMPOTENCY_KEY],
    ),
    dict(
        method="POST",
        path="/v1/referrals/{referral_id}/move",
        handler=http.move_referral,
        summary=MOVE_TEXT + ASYNCHRONOUS,
        body=schemas.MoveIn,
        responses={202: answers.RequestReceiptOut},
        errors=(404, 409, 413),
        headers=[IDEMPOTENCY_KEY],
    ),
)
"""Every route, for a doctor's token, with its OpenAPI text."""


def setup_routes(app: web.Application, api: OpenApi) -> None:
    for route in ROUTES:
        api.route(app, roles=DOCTOR, **route)
