"""The hospital side's routes (role ``hospital``; every object is the
token's own hospital's: another hospital's entry or queue answers 404)."""

from __future__ import annotations

from aiohttp import web

from services.queue.hospital.entrypoints import (
    admissions,
    emergencies,
    entry_actions,
    search,
    ward,
)
from services.queue.hospital.entrypoints.clerks import IDEMPOTENCY_DOC
from services.queue.hospital.entrypoints.exports import CSV, JSON, XLSX
from services.queue.hospital.entrypoints.responses import (
    AdmissionsList,
    BedBoard,
    EmergencyAnswer,
    EntryAnswer,
    InpatientList,
    PullAnswer,
    SearchAnswer,
)
from services.queue.hospital.entrypoints.schemas import (
    AdmissionsQuery,
    BedBoardQuery,
    EmergencyRequest,
    InpatientsQuery,
    NoteRequest,
    PullRequest,
    RejectRequest,
    RescheduleRequest,
    SearchRequest,
)
from shared.contracts.reasons import REJECTION_REASONS, RESCHEDULE_REASONS
from shared.http import OpenApi

HOSPITAL = ("hospital",)
SPREADSHEETS = (JSON, CSV, XLSX)
EXPORTS = (
    " format=csv or xlsx (or Accept: text/csv or the XLSX type) gives the rows "
    "as a spreadsheet to download: the header in lang (or Accept-Language), a "
    "CSV in UTF-8 with a BOM, delimited by ; for kk and ru and , for en (or "
    "delimiter), IINs as text, times in the bureau's time zone."
)
NOTES = (
    " A note stays in the queue service (this hospital's clerks and admins "
    "read it); only reason codes travel. The answer lists the entry's notes."
)
ENTRY_ACTIONS = (
    ("admit", entry_actions.admit, NoteRequest, "Admit a scheduled patient." + NOTES),
    (
        "no-show",
        entry_actions.no_show,
        NoteRequest,
        "Record a no-show (from the scheduled day on): the first returns the "
        "entry to its place in the queue, the second cancels it." + NOTES,
    ),
    (
        "reject",
        entry_actions.reject,
        RejectRequest,
        "Reject a waiting or scheduled entry with a reason_code ("
        + ", ".join(REJECTION_REASONS)
        + "; other needs a note)."
        + NOTES,
    ),
    (
        "reschedule",
        entry_actions.reschedule,
        RescheduleRequest,
        "Move a scheduled admission to another day with a reason_code ("
        + ", ".join(RESCHEDULE_REASONS)
        + "); a day without a free bed answers 409 no_free_beds unless an "
        "override_reason_code is given." + NOTES,
    ),
    (
        "discharge",
        entry_actions.discharge,
        NoteRequest,
        "Discharge an admitted patient (entry_id from GET /v1/inpatients): "
        "frees the bed." + NOTES,
    ),
)


def setup_hospital_routes(app: web.Application, api: OpenApi) -> None:
    _admissions_routes(app, api)
    _ward_routes(app, api)
    _search_routes(app, api)
    _entry_routes(app, api)
    _emergency_routes(app, api)


def _admissions_routes(app: web.Application, api: OpenApi) -> None:
    api.route(
        app,
        "GET",
        "/v1/admissions",
        admissions.list_admissions,
        summary="The admissions list of a day: scheduled entries (with IIN and "
        "test readiness, no diagnosis), the head of the waiting queue and the "
        "free beds." + EXPORTS,
        query=AdmissionsQuery,
        responses={200: AdmissionsList},
        errors=(404,),
        roles=HOSPITAL,
        produces=SPREADSHEETS,
    )
    api.route(
        app,
        "POST",
        "/v1/admissions/pull",
        admissions.pull_admissions,
        summary="Schedule the next waiting entries for a day, atomically, up to "
        "the free beds (beyond them only with an override_reason_code, which is "
        "logged and sent with the entries booked beyond them; a note stays in "
        "the queue service); entries whose tests lapse before the day are "
        "skipped and reported",
        body=PullRequest,
        responses={200: PullAnswer},
        errors=(404, 503),
        roles=HOSPITAL,
        headers=(IDEMPOTENCY_DOC,),
    )


def _ward_routes(app: web.Application, api: OpenApi) -> None:
    api.route(
        app,
        "GET",
        "/v1/inpatients",
        ward.list_inpatients,
        summary="Who is in this hospital's beds now (of bed_profile, or every "
        "profile), the earliest admitted first: IIN, admitted at, expected "
        "discharge (the admission day plus the profile's typical stay), days in; "
        "no diagnosis. Discharge one with POST /v1/entries/{entry_id}/discharge "
        "and the row's entry_id." + EXPORTS,
        query=InpatientsQuery,
        responses={200: InpatientList},
        errors=(404,),
        roles=HOSPITAL,
        produces=SPREADSHEETS,
    )
    api.route(
        app,
        "GET",
        "/v1/bed-board",
        ward.show_bed_board,
        summary="The bed board: per bed profile of this hospital, the beds, "
        "those occupied now and the queue's length, and for each of the next "
        "days (today first) the beds booked and free.",
        query=BedBoardQuery,
        responses={200: BedBoard},
        roles=HOSPITAL,
    )


def _search_routes(app: web.Application, api: OpenApi) -> None:
    api.route(
        app,
        "POST",
        "/v1/entries/search",
        search.search_entries,
        summary="Find a patient of this hospital by hospitalization code (as "
        "typed: any case, no hyphens, O for 0, I or L for 1) or IIN, or both, in "
        "the body (never in a URL). An emergency admission is found by the IIN. "
        "Another hospital's patient is not found: the same empty list as for an "
        "unknown code or IIN.",
        body=SearchRequest,
        responses={200: SearchAnswer},
        roles=HOSPITAL,
    )


def _entry_routes(app: web.Application, api: OpenApi) -> None:
    for action, view, body, summary in ENTRY_ACTIONS:
        api.route(
            app,
            "POST",
            f"/v1/entries/{{entry_id}}/{action}",
            view,
            summary=summary,
            body=body,
            responses={200: EntryAnswer},
            errors=(404, 409, 503),
            roles=HOSPITAL,
        )


def _emergency_routes(app: web.Application, api: OpenApi) -> None:
    api.route(
        app,
        "POST",
        "/v1/emergency-admissions",
        emergencies.admit_emergency,
        summary="Record an emergency admission (occupies a bed); the patient's "
        "open entries for the bed profile at any hospital are closed as admitted "
        "elsewhere, and the answer says how many, never which. The diagnosis is "
        "stored, never sent in an event. A patient the beds do not admit (the "
        "registry's age range or sex for them, from the IIN) answers 422 naming "
        "bed_profile.",
        body=EmergencyRequest,
        responses={201: EmergencyAnswer},
        errors=(404, 409, 503),
        roles=HOSPITAL,
        headers=(IDEMPOTENCY_DOC,),
    )
