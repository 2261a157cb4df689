"""Admissions clerks find a patient of their own hospital by hospitalization
code (as typed) or IIN, sent in the body so the IIN never reaches a URL or
an access log. Nothing of another hospital is found: the same empty answer
as for an unknown code or IIN."""

from __future__ import annotations

from aiohttp import web

from services.queue.hospital.entrypoints.clerks import clerk
from services.queue.hospital.entrypoints.keys import HOSPITAL
from services.queue.hospital.entrypoints.schemas import SearchRequest
from services.queue.hospital.service_layer.patient_search import find_patient
from shared.http import load_body

SEARCH_BODY = SearchRequest()


async def search_entries(request: web.Request) -> web.Response:
    principal, _ = await clerk(request)
    body = await load_body(request, SEARCH_BODY)
    found = await find_patient(
        request.app[HOSPITAL], principal.facility, code=body["code"], iin=body["iin"]
    )
    return web.json_response(found, headers={"Cache-Control": "no-store"})
