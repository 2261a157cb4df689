"""Patients: look up a referral's place by code + IIN, or leave the queue.

A wrong code and a wrong IIN get the same 404 body after the same work. Once
a code has had its day's failed guesses, both routes answer 403
``verification_required`` to right and wrong IINs alike (the right one brings
a one-time code to the contact on file) and 403 ``verification_failed`` to
any code, IIN and one-time code that do not match. The flood guard per client
address answers 429 with Retry-After.
"""

from __future__ import annotations

from aiohttp import hdrs, web

from services.queue.patients.domain.commands import CancelByPatient
from services.queue.patients.entrypoints.keys import CLIENTS, GATE, LIMITS, PATIENTS
from services.queue.patients.entrypoints.schemas import (
    CancelRequest,
    LookupRequest,
    well_formed_lookup,
)
from services.queue.patients.service_layer.handlers import handle
from services.queue.patients.service_layer.lookup_limits import RESEND_AFTER_S
from services.queue.patients.service_layer.patient_gate import (
    PatientGate,
    PatientNotFound,
    VerificationFailed,
    VerificationRequired,
)
from services.queue.patients.service_layer.views import patient_status
from services.queue.waiting_list.domain.model import InvalidTransition
from services.queue.waiting_list.domain.queue_line import IndexedEntry
from services.queue.waiting_list.service_layer.book import IndexBehind
from services.queue.waiting_list.service_layer.handlers import EntryNotFound
from shared.http import ApiError, load_body
from shared.http.json import json_answer
from shared.iin import InvalidIIN

LOOKUP_BODY = LookupRequest()
CANCEL_BODY = CancelRequest()
NO_STORE = {"Cache-Control": "no-store"}
JSON = "application/json"


def not_found() -> ApiError:
    return ApiError(404, "not_found", "No referral matches this code and IIN.")


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
    except InvalidIIN as exc:
        fields = {"iin": [str(exc)]}
        raise ApiError(
            422, "validation_failed", "The request has invalid fields.", fields
        ) from exc
    except PatientNotFound as exc:
        raise not_found() from exc
    except VerificationRequired as exc:
        raise ApiError(
            403,
            "verification_required",
            "If the code and IIN are right and a contact is on file, a one-time "
            "code has been sent to it: send it with them as one_time_code.",
            extra={"resend_after_s": RESEND_AFTER_S},
        ) from exc
    except VerificationFailed as exc:
        raise ApiError(
            403,
            "verification_failed",
            "The code, IIN and one-time code do not match.",
            extra={"resend_after_s": RESEND_AFTER_S},
        ) from exc


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
    app = request.app
    await take_client_token(request)
    code, iin, one_time_code = await lookup_body(request)
    entry = await admitted(app[GATE], code.upper(), iin, one_time_code)
    return json_answer(patient_status(app[PATIENTS], entry), headers=NO_STORE)


async def cancel(request: web.Request) -> web.Response:
    app = request.app
    await take_client_token(request)
    body = await load_body(request, CANCEL_BODY)
    code = body["code"].upper()
    await admitted(app[GATE], code, body["iin"], body["one_time_code"])
    patients = app[PATIENTS]
    try:
        await handle(
            CancelByPatient(
                code=code,
                iin=body["iin"],
                reason_code=body["reason_code"],
                note=body["note"],
            ),
            patients,
        )
    except EntryNotFound as exc:
        raise not_found() from exc
    except InvalidTransition as exc:
        raise ApiError(
            409,
            "invalid_transition",
            "This referral can no longer be cancelled here.",
            extra={"current_status": exc.status},
        ) from exc
    except IndexBehind as exc:
        raise ApiError(503, "busy", "Please try again in a moment.") from exc
    entry = patients.book.get(code)
    assert entry is not None
    return json_answer(patient_status(patients, entry), headers=NO_STORE)
