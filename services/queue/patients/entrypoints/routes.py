"""The patients' routes, documented as they are registered, and the status
page at ``/``."""

from __future__ import annotations

from aiohttp import web

from services.queue.patients.entrypoints import patients, public
from services.queue.patients.entrypoints.schemas import (
    CancelRequest,
    FacilitiesAnswer,
    FacilitiesQuery,
    LookupRequest,
    PatientStatus,
)
from services.queue.patients.status_page import setup_status_page
from shared.contracts.reasons import PATIENT_CANCEL_REASONS
from shared.http import OpenApi

PATIENT_CHECK = (
    "Only failed verifications count against a referral code: after "
    "LOOKUP_GUESSES_PER_DAY of them in a day, the code answers 403 "
    "verification_required to the right and to a wrong IIN alike, and the right "
    "one also sends a 6-digit one-time code (valid ONE_TIME_CODE_MINUTES, "
    "ONE_TIME_CODE_ATTEMPTS tries, a new one at most every resend_after_s "
    "seconds) to the phone and e-mail on file; send it again with code and IIN "
    "as one_time_code. A referral without a contact on file (no consent, or "
    "closed) cannot receive one: ask the doctor for the status."
)
PATIENT_ERRORS = {
    403: "verification_required (send one_time_code) or verification_failed "
    "(code, IIN and one-time code do not match); both carry resend_after_s",
    404: "not_found: no referral matches this code and IIN (the same for a "
    "wrong code and a wrong IIN)",
    429: "too_many_requests from this client address, with Retry-After",
}


def setup_patient_routes(app: web.Application, api: OpenApi) -> None:
    setup_status_page(app, api)
    _patient_routes(app, api)
    api.route(
        app,
        "GET",
        "/v1/facilities",
        public.list_facilities,
        summary="Facilities by bed profile and region, with waiting, free beds "
        "and estimated wait",
        query=FacilitiesQuery,
        responses={200: FacilitiesAnswer},
    )


def _patient_routes(app: web.Application, api: OpenApi) -> None:
    api.route(
        app,
        "POST",
        "/v1/queue/lookup",
        patients.lookup,
        summary="A patient's place in the queue, by referral code and IIN",
        description=PATIENT_CHECK,
        body=LookupRequest,
        responses={200: PatientStatus},
        errors=PATIENT_ERRORS,
    )
    api.route(
        app,
        "POST",
        "/v1/queue/cancel",
        patients.cancel,
        summary="A patient leaves the queue (code, IIN and a reason_code: "
        + ", ".join(PATIENT_CANCEL_REASONS)
        + "; a note stays in the queue service)",
        description=PATIENT_CHECK,
        body=CancelRequest,
        responses={200: PatientStatus},
        errors={**PATIENT_ERRORS, 409: "The referral can no longer be cancelled"},
    )
