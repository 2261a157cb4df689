"""Every route of the queue service, documented as it is registered, and
the patients' status page at ``/``."""

from __future__ import annotations

from aiohttp import web

from services.queue.entrypoints import admin, patients, public
from services.queue.entrypoints.hospital_routes import setup_hospital_routes
from services.queue.entrypoints.schemas import (
    CancelRequest,
    FacilitiesAnswer,
    FacilitiesQuery,
    LogQuery,
    LookupRequest,
    PatientStatus,
    QueueLogAnswer,
)
from services.queue.status_page import setup_status_page
from shared.contracts.reasons import PATIENT_CANCEL_REASONS
from shared.http import OpenApi


def setup_routes(app: web.Application, api: OpenApi) -> None:
    setup_status_page(app)
    api.route(
        app,
        "POST",
        "/v1/queue/lookup",
        patients.lookup,
        summary="A patient's place in the queue, by referral code and IIN",
        body=LookupRequest,
        responses={200: PatientStatus},
        errors=(404, 429),
    )
    api.route(
        app,
        "POST",
        "/v1/queue/cancel",
        patients.cancel,
        summary="A patient leaves the queue (code, IIN and a reason_code: "
        + ", ".join(PATIENT_CANCEL_REASONS)
        + "; a note stays in the queue service)",
        body=CancelRequest,
        responses={200: PatientStatus},
        errors=(404, 409, 429),
    )
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
    api.route(
        app,
        "GET",
        "/v1/queues/{queue_id}/log",
        admin.queue_log_view,
        summary="A queue's hash-chained log and whether the chain is intact",
        query=LogQuery,
        responses={200: QueueLogAnswer},
        errors=(404,),
        roles=("admin",),
    )
    setup_hospital_routes(app, api)
