"""Admissions clerks: the admissions list of a day (JSON, CSV or XLSX) and
the pull that schedules the next waiting patients, for their own hospital."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from services.queue.hospital.domain.commands import PullAdmissions
from services.queue.hospital.entrypoints.clerks import (
    answer,
    clerk,
    idempotency_key,
    known_profile,
)
from services.queue.hospital.entrypoints.exports import (
    Export,
    export_response,
    requested_export,
)
from services.queue.hospital.entrypoints.keys import HOSPITAL
from services.queue.hospital.entrypoints.schemas import (
    PAGE_MAX,
    AdmissionsQuery,
    PullRequest,
)
from services.queue.hospital.entrypoints.sheet_columns import (
    ADMISSION_COLUMNS,
    ADMISSIONS_TITLES,
)
from services.queue.hospital.entrypoints.sheets import Sheet
from services.queue.hospital.service_layer.admissions_list import admissions_list
from services.queue.hospital.service_layer.dependencies import Hospital
from services.queue.refusals import REFUSED, carried_out, refusal
from services.queue.waiting_list.entrypoints.keys import BUS
from shared.http import ApiError, load_body, load_query

QUERY = AdmissionsQuery()
PULL_BODY = PullRequest()


def _profile(hospital: Hospital, facility_id: str, asked: str | None) -> str:
    """The asked profile, or the hospital's only one."""
    if asked is not None:
        return known_profile(hospital, asked)
    facility = hospital.registry.get(facility_id)
    profiles = list(facility.bed_profiles) if facility is not None else []
    if len(profiles) == 1:
        return profiles[0]
    choices = ", ".join(profiles) or "none"
    raise ApiError(
        422,
        "validation_failed",
        "The request has invalid fields.",
        {"bed_profile": [f"Choose one of: {choices}."]},
    )


async def list_admissions(request: web.Request) -> web.StreamResponse:
    principal, _ = await clerk(request)
    query = load_query(request, QUERY)
    hospital = request.app[HOSPITAL]
    profile = _profile(hospital, principal.facility, query["bed_profile"])
    try:
        listed = await admissions_list(
            hospital,
            principal.facility,
            profile,
            query["date"] or hospital.calendar.today(),
            page=query["page"],
            page_size=min(query["page_size"], PAGE_MAX),
            head_size=query["head"],
        )
    except REFUSED as exc:
        raise refusal(exc) from exc
    headers = {"Cache-Control": "no-store"}
    export = requested_export(request, query)
    if export is not None:
        return _spreadsheet(listed, export, hospital.calendar.tz, headers)
    return web.json_response(listed, headers=headers)


def sheet_rows(listed: dict[str, Any]) -> list[dict[str, Any]]:
    """The scheduled entries, then the head of the waiting queue."""
    rows = [{"section": "scheduled", **row} for row in listed["scheduled"]]
    rows += [{"section": "waiting", **row} for row in listed["waiting"]["head"]]
    return rows


def _spreadsheet(
    listed: dict[str, Any], export: Export, tz: ZoneInfo, headers: dict[str, str]
) -> web.Response:
    sheet = Sheet(
        stem=f"admissions-{listed['queue_id']}-{listed['date']}",
        titles=ADMISSIONS_TITLES,
        columns=ADMISSION_COLUMNS,
        rows=sheet_rows(listed),
    )
    counts = {
        "X-Free-Beds": str(listed["beds"]["free"]),
        "X-Total-Scheduled": str(listed["total_scheduled"]),
        "X-Waiting": str(listed["waiting"]["length"]),
    }
    return export_response(sheet, export, tz, {**headers, **counts})


async def pull_admissions(request: web.Request) -> web.Response:
    principal, actor = await clerk(request)
    key = idempotency_key(request)
    body = await load_body(request, PULL_BODY)
    hospital = request.app[HOSPITAL]
    command = PullAdmissions(
        facility_id=principal.facility,
        bed_profile=known_profile(hospital, body["bed_profile"]),
        on=body["date"],
        count=body["count"],
        actor=actor,
        override_reason_code=body["override_reason_code"],
        note=body["note"],
        idempotency_key=key,
    )
    return answer(await carried_out(request.app[BUS], command))
