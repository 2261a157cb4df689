"""Admissions clerks: who is in their hospital's beds now (JSON, CSV or
XLSX; each row's entry id discharges them with POST
/v1/entries/{entry_id}/discharge) and the bed board of the coming days."""

from __future__ import annotations

from aiohttp import web

from services.queue.hospital.entrypoints.clerks import clerk, known_profile
from services.queue.hospital.entrypoints.exports import (
    export_response,
    requested_export,
)
from services.queue.hospital.entrypoints.keys import HOSPITAL
from services.queue.hospital.entrypoints.schemas import (
    PAGE_MAX,
    BedBoardQuery,
    InpatientsQuery,
)
from services.queue.hospital.entrypoints.sheet_columns import (
    INPATIENT_COLUMNS,
    INPATIENTS_TITLES,
)
from services.queue.hospital.entrypoints.sheets import Sheet
from services.queue.hospital.service_layer.bed_board import bed_board
from services.queue.hospital.service_layer.inpatients import inpatients
from services.queue.refusals import REFUSED, refusal
from shared.http import load_query

INPATIENTS_QUERY = InpatientsQuery()
BOARD_QUERY = BedBoardQuery()
NO_STORE = {"Cache-Control": "no-store"}


async def list_inpatients(request: web.Request) -> web.Response:
    principal, _ = await clerk(request)
    query = load_query(request, INPATIENTS_QUERY)
    hospital = request.app[HOSPITAL]
    profile = query["bed_profile"]
    if profile is not None:
        known_profile(hospital, profile)
    try:
        listed = await inpatients(
            hospital,
            principal.facility,
            profile,
            page=query["page"],
            page_size=min(query["page_size"], PAGE_MAX),
        )
    except REFUSED as exc:
        raise refusal(exc) from exc
    export = requested_export(request, query)
    if export is None:
        return web.json_response(listed, headers=NO_STORE)
    sheet = Sheet(
        stem="-".join(
            ["inpatients", principal.facility, profile or "all", listed["date"]]
        ),
        titles=INPATIENTS_TITLES,
        columns=INPATIENT_COLUMNS,
        rows=listed["inpatients"],
    )
    counts = {"X-Total-Inpatients": str(listed["total"])}
    return export_response(sheet, export, hospital.calendar.tz, counts)


async def show_bed_board(request: web.Request) -> web.Response:
    principal, _ = await clerk(request)
    query = load_query(request, BOARD_QUERY)
    board = bed_board(request.app[HOSPITAL], principal.facility, query["days"])
    return web.json_response(board, headers=NO_STORE)
