"""Patients: look up a referral's place by code + IIN, or leave the queue.

A wrong code and a wrong IIN get the same 404 body after the same work. Once
a code has had its day's failed guesses, both routes answer 403
``verification_required`` to right and wrong IINs alike (the right one brings
a one-time code to the contact on file) and 403 ``verification_failed`` to
any code, IIN and one-time code that do not match. The flood guard per client
address answers 429 with Retry-After. The hospital's name and address are in
the ``Accept-Language`` header's language, else English.
"""

from __future__ import annotations

from typing import Any

from aiohttp import hdrs, web

from services.queue.patients.domain.commands import CancelByPatient
from services.queue.patients.entrypoints.keys import CLIENTS, GATE, LIMITS, PATIENTS
from services.queue.patients.entrypoints.schemas import (
    CancelRequest,
    LookupRequest,
    well_formed_lookup,
)
from services.queue.patients.service_layer.patient_gate import (
    PatientGate,
)
from services.queue.patients.service_layer.views import patient_status
from services.queue.refusals import REFUSED, carried_out, refusal
from services.queue.waiting_list.domain.queue_line import IndexedEntry
from services.queue.waiting_list.entrypoints.keys import BUS
from shared.contracts.events import LANGUAGES
from shared.http import ApiError, load_body
from shared.http.json import json_answer
from shared.http.languages import api_language, language_headers

LOOKUP_BODY = LookupRequest()
CANCEL_BODY = CancelRequest()
NO_STORE = {"Cache-Control": "no-store"}
ANSWERS = {
    language: {**NO_STORE, **language_headers(language)} for language in LANGUAGES
}
"""The headers of an answer in each language (built once: the lookup is the
hot path)."""
JSON = "application/json"


async def take_client_token(request: web.Request) -> None:
    app = request.app
    wait = await app[LIMITS].take_client(app[CLIENTS].of(request))
    if wait:
        raise ApiError(
            429,
            "too_many_requests",
            "Too many lookups. Try again later.",
            headers={"Retry-After": str(wait)},
        )


async def admitted(
    gate: PatientGate, code: str, iin: str, one_time_code: str | None
) -> IndexedEntry:
    try:
        return await gate.admit(code, iin, one_time_code)
    except REFUSED as exc:
        raise refusal(exc) from exc


def declared_json(request: web.Request) -> bool:
    declared = request.headers.get(hdrs.CONTENT_TYPE)
    return declared == JSON or (declared is not None and request.content_type == JSON)


async def lookup_body(request: web.Request) -> tuple[str, str, str | None]:
    """Code, IIN and one-time code: the common well-formed body (code and
    IIN) is checked directly; any other goes through the schema, which
    explains what is wrong."""
    if declared_json(request):
        found = well_formed_lookup(await request.read())
        if found is not None:
            return found[0], found[1], None
    body = await load_body(request, LOOKUP_BODY)
    return body["code"], body["iin"], body["one_time_code"]


async def lookup(request: web.Request) -> web.Response:
    await take_client_token(request)
    code, iin, one_time_code = await lookup_body(request)
    language = api_language(request)
    answer = await looked_up(request, code, iin, one_time_code, language)
    return json_answer(answer, headers=ANSWERS[language])


async def looked_up(
    request: web.Request,
    code: str,
    iin: str,
    one_time_code: str | None,
    language: str,
) -> dict[str, Any]:
    """The lookup's answer once the client's token is taken and the body
    loaded (the API's JSON and the status page's form alike), the hospital
    named in ``language``."""
    app = request.app
    entry = await admitted(app[GATE], code, iin, one_time_code)
    return patient_status(app[PATIENTS], entry, language)


async def cancel(request: web.Request) -> web.Response:
    await take_client_token(request)
    body = await load_body(request, CANCEL_BODY)
    language = api_language(request)
    answer = await left_queue(request, body, language)
    return json_answer(answer, headers=ANSWERS[language])


async def left_queue(
    request: web.Request, body: dict[str, Any], language: str
) -> dict[str, Any]:
    """The patient's cancel of a loaded CancelRequest, answered with the
    entry's new state (the API's JSON and the status page's form alike)."""
    app = request.app
    code = body["code"]
    await admitted(app[GATE], code, body["iin"], body["one_time_code"])
    command = CancelByPatient(
        code=code, iin=body["iin"], reason_code=body["reason_code"], note=body["note"]
    )
    await carried_out(app[BUS], command)
    patients = app[PATIENTS]
    entry = patients.book.get(code)
    assert entry is not None
    return patient_status(patients, entry, language)
