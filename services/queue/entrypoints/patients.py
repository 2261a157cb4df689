"""Patients: look up a referral's place by code + IIN, or leave the queue.

A wrong code and a wrong IIN get the same 404 body after the same work;
both limits (per client address, per code) answer 429 with Retry-After.
"""

from __future__ import annotations

from aiohttp import hdrs, web

from services.queue.domain.commands import CancelByPatient
from services.queue.domain.model import InvalidTransition
from services.queue.entrypoints.keys import BUREAU, LIMITS, LookupLimits
from services.queue.entrypoints.schemas import (
    CancelRequest,
    LookupRequest,
    well_formed_lookup,
)
from services.queue.service_layer.book import IndexBehind
from services.queue.service_layer.handlers import EntryNotFound, handle
from services.queue.service_layer.views import patient_status, verify_patient
from shared.http import ApiError, load_body
from shared.http.json import json_answer

LOOKUP_BODY = LookupRequest()
CANCEL_BODY = CancelRequest()
NO_STORE = {"Cache-Control": "no-store"}
JSON = "application/json"


def not_found() -> ApiError:
    return ApiError(404, "not_found", "No referral matches this code and IIN.")


def _throttled(seconds: int) -> ApiError:
    return ApiError(
        429,
        "too_many_requests",
        "Too many lookups. Try again later.",
        headers={"Retry-After": str(seconds)},
    )


def take_client_token(limits: LookupLimits, request: web.Request) -> None:
    wait = limits.by_client.take(request.remote or "unknown")
    if wait:
        raise _throttled(wait)


def take_code_token(limits: LookupLimits, code: str) -> None:
    wait = limits.by_code.take(code)
    if wait:
        raise _throttled(wait)


def declared_json(request: web.Request) -> bool:
    declared = request.headers.get(hdrs.CONTENT_TYPE)
    return declared == JSON or (declared is not None and request.content_type == JSON)


async def lookup_body(request: web.Request) -> tuple[str, str]:
    """The code and IIN: the common well-formed body is checked directly; any
    other goes through the schema, which explains what is wrong."""
    if declared_json(request):
        found = well_formed_lookup(await request.read())
        if found is not None:
            return found
    body = await load_body(request, LOOKUP_BODY)
    return body["code"], body["iin"]


async def lookup(request: web.Request) -> web.Response:
    app = request.app
    limits = app[LIMITS]
    take_client_token(limits, request)
    code, iin = await lookup_body(request)
    code = code.upper()
    take_code_token(limits, code)
    bureau = app[BUREAU]
    entry = verify_patient(bureau, code, iin)
    if entry is None:
        await load_body(request, LOOKUP_BODY)  # a mistyped IIN is told as such
        raise not_found()
    return json_answer(patient_status(bureau, entry), headers=NO_STORE)


async def cancel(request: web.Request) -> web.Response:
    limits = request.app[LIMITS]
    take_client_token(limits, request)
    body = await load_body(request, CANCEL_BODY)
    code = body["code"].upper()
    take_code_token(limits, code)
    bureau = request.app[BUREAU]
    if verify_patient(bureau, code, body["iin"]) is None:
        raise not_found()
    try:
        await handle(
            CancelByPatient(
                code=code,
                iin=body["iin"],
                reason_code=body["reason_code"],
                note=body["note"],
            ),
            bureau,
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
    entry = bureau.book.get(code)
    assert entry is not None
    return json_answer(patient_status(bureau, entry), headers=NO_STORE)
