"""HTTP views: read the request, hand a command to the bus (or a query to
the views), shape the answer; refusals are answered by ``refusals.py``."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from aiohttp import web
from marshmallow import Schema

from services.referral.domain.commands import (
    CancelReferral,
    DoctorsRequest,
    EditReferral,
    MoveReferral,
    RegisterReferral,
    ReinstateReferral,
    RenewReferral,
)
from services.referral.domain.edits import PriorityChange
from services.referral.domain.model import Patient, PreAdmissionTest
from services.referral.entrypoints import answers, schemas
from services.referral.entrypoints.refusals import MalformedIfMatch, answering_refusals
from services.referral.service_layer import messagebus, views
from services.referral.service_layer.dependencies import Dependencies
from services.referral.service_layer.errors import ReferralNotFound
from services.referral.service_layer.unit_of_work import ReferralFilter
from shared.http import load_body, load_query, require_principal
from shared.idempotency import (
    IDEMPOTENCY_HEADER,
    REPLAYED_HEADER,
    Answer,
    checked_key,
    fingerprint,
)
from shared.identity import Principal

DEPENDENCIES = web.AppKey("referral_dependencies", Dependencies)
_REFERRAL_ID = re.compile(r"^[0-9a-f]{32}$")
_VERSION_TAG = re.compile(r'^(?:W/)?"?([0-9]{1,9})"?$')


def _tests(listed: list[dict[str, Any]]) -> tuple[PreAdmissionTest, ...]:
    return tuple(
        PreAdmissionTest(t["code"], t["done_on"], t["valid_until"], t["note"])
        for t in listed
    )


def _registration(
    body: dict[str, Any], principal: Principal, key: str | None, fingerprint: str
) -> RegisterReferral:
    tests = _tests(body["tests"])
    return RegisterReferral(
        referring_facility_id=principal.facility,
        practitioner_id=principal.subject,
        patient=Patient(**body["patient"]),
        tests=tests,
        idempotency_key=key,
        request_fingerprint=fingerprint,
        **{k: v for k, v in body.items() if k not in ("patient", "tests")},
    )


@answering_refusals
async def register_referral(request: web.Request) -> web.Response:
    principal = await require_principal(request, "doctor")
    key = checked_key(request.headers.get(IDEMPOTENCY_HEADER))
    body = await load_body(request, schemas.ReferralIn())
    deps = request.app[DEPENDENCIES]
    printed = fingerprint(json.loads(await request.read()), deps.digest_key)
    answer = await messagebus.handle(_registration(body, principal, key, printed), deps)
    return _kept(answer)


def _kept(answer: Answer) -> web.Response:
    """An answer kept for an Idempotency-Key (said so when replayed), with
    the referral's address."""
    headers = {"Location": f"/v1/referrals/{answer.body['id']}"}
    if answer.replayed:
        headers[REPLAYED_HEADER] = "true"
    return web.json_response(answer.body, status=answer.status, headers=headers)


def _referral_id(request: web.Request) -> str:
    referral_id = request.match_info["referral_id"]
    if not _REFERRAL_ID.match(referral_id):
        raise ReferralNotFound()
    return referral_id


@answering_refusals
async def get_referral(request: web.Request) -> web.Response:
    principal = await require_principal(request, "doctor")
    referral = await views.referral_of_facility(
        request.app[DEPENDENCIES], _referral_id(request), principal.facility
    )
    if referral is None:
        raise ReferralNotFound()
    return web.json_response(answers.ReferralOut().dump(referral))


async def _page(
    request: web.Request, principal: Principal, query: dict[str, Any]
) -> web.Response:
    where = ReferralFilter(
        facility_id=principal.facility,
        status=query.get("status"),
        hospitalization_code=query.get("code"),
        iin=query.get("iin"),
        practitioner_id=principal.subject if query["mine"] else None,
    )
    page = await views.referrals_page(
        request.app[DEPENDENCIES], where, query["page"], query["page_size"]
    )
    return web.json_response(answers.ReferralPageOut().dump(page))


async def list_referrals(request: web.Request) -> web.Response:
    principal = await require_principal(request, "doctor")
    return await _page(request, principal, load_query(request, schemas.ListQuery()))


async def search_referrals(request: web.Request) -> web.Response:
    principal = await require_principal(request, "doctor")
    return await _page(request, principal, await load_body(request, schemas.SearchIn()))


@answering_refusals
async def cancel_referral(request: web.Request) -> web.Response:
    principal = await require_principal(request, "doctor")
    referral_id = _referral_id(request)
    body = await load_body(request, schemas.CancelIn())
    command = CancelReferral(
        referral_id=referral_id,
        facility_id=principal.facility,
        actor=f"doctor:{principal.subject}",
        reason_code=body["reason_code"],
        note=body["note"],
    )
    referral = await messagebus.handle(command, request.app[DEPENDENCIES])
    return web.json_response(answers.ReferralOut().dump(referral))


async def _doctors_request(
    request: web.Request, schema: Schema, kind: type[DoctorsRequest]
) -> web.Response:
    """A request the queue carries out: 202 with what is pending."""
    principal = await require_principal(request, "doctor")
    referral_id = _referral_id(request)
    key = checked_key(request.headers.get(IDEMPOTENCY_HEADER))
    body = await load_body(request, schema)
    deps = request.app[DEPENDENCIES]
    asked = {"path": request.path, "body": json.loads(await request.read())}
    command = kind(
        referral_id=referral_id,
        referring_facility_id=principal.facility,
        practitioner_id=principal.subject,
        idempotency_key=key,
        request_fingerprint=fingerprint(asked, deps.digest_key),
        **body,
    )
    return _kept(await messagebus.handle(command, deps))


@answering_refusals
async def reinstate_referral(request: web.Request) -> web.Response:
    return await _doctors_request(request, schemas.ReinstateIn(), ReinstateReferral)


@answering_refusals
async def renew_referral(request: web.Request) -> web.Response:
    return await _doctors_request(request, schemas.RenewIn(), RenewReferral)


def if_match(header: str | None) -> int | None:
    """The version an ``If-Match`` names (``"3"``), None without one or for
    ``*``; MalformedIfMatch otherwise."""
    if header is None or header.strip() == "*":
        return None
    found = _VERSION_TAG.match(header.strip())
    if found is None:
        raise MalformedIfMatch(header)
    return int(found.group(1))


def _edit(body: dict[str, Any], principal: Principal, referral_id: str) -> EditReferral:
    priority = None
    if "priority" in body:
        priority = PriorityChange(
            body["priority"], body["priority_reason"], body["reason_code"]
        )
    tests = _tests(body["tests"]) if "tests" in body else None
    return EditReferral(
        referral_id=referral_id,
        referring_facility_id=principal.facility,
        practitioner_id=principal.subject,
        tests=tests,
        patient=body.get("patient", {}),
        priority=priority,
        note=body["note"],
    )


@answering_refusals
async def edit_referral(request: web.Request) -> web.Response:
    """Apply the edit at once; answer the referral as GET shows it."""
    principal = await require_principal(request, "doctor")
    referral_id = _referral_id(request)
    key = checked_key(request.headers.get(IDEMPOTENCY_HEADER))
    expected = if_match(request.headers.get("If-Match"))
    body = await load_body(request, schemas.EditIn())
    deps = request.app[DEPENDENCIES]
    asked = {"path": request.path, "body": json.loads(await request.read())}
    command = replace(
        _edit(body, principal, referral_id),
        if_match=expected,
        idempotency_key=key,
        request_fingerprint=fingerprint(asked, deps.digest_key),
    )
    answer = await messagebus.handle(command, deps)
    referral = await views.referral_of_facility(deps, referral_id, principal.facility)
    if referral is None:
        raise ReferralNotFound()
    headers = {REPLAYED_HEADER: "true"} if answer.replayed else {}
    return web.json_response(
        answers.ReferralOut().dump(referral), status=answer.status, headers=headers
    )


@answering_refusals
async def move_referral(request: web.Request) -> web.Response:
    return await _doctors_request(request, schemas.MoveIn(), MoveReferral)
