"""HTTP views: read the request, hand a command to the bus, shape the answer."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aiohttp import web

from services.referral.domain.commands import CancelReferral, RegisterReferral
from services.referral.domain.model import Patient, PreAdmissionTest, ReferralClosed
from services.referral.entrypoints import answers, schemas
from services.referral.service_layer import errors, views
from services.referral.service_layer.handlers import MessageBus
from shared.auth import Principal
from shared.http import ApiError, load_body, load_query, require_principal

BUS = web.AppKey("referral_bus", MessageBus)
IDEMPOTENCY_HEADER = "Idempotency-Key"
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
_REFERRAL_ID = re.compile(r"^[0-9a-f]{32}$")


@contextmanager
def answers_for_refusals() -> Iterator[None]:
    try:
        yield
    except errors.UnknownReferringFacility as exc:
        raise ApiError(403, "facility_not_registered", str(exc)) from exc
    except errors.InvalidReferral as exc:
        raise ApiError(422, "validation_failed", str(exc), exc.errors) from exc
    except errors.IdempotencyKeyReused as exc:
        raise ApiError(
            422, "idempotency_key_reused", str(exc), {IDEMPOTENCY_HEADER: [str(exc)]}
        ) from exc
    except errors.ActiveReferralElsewhere as exc:
        raise ApiError(409, "active_referral_elsewhere", str(exc)) from exc
    except errors.ActiveReferralExists as exc:
        existing = {"hospitalization_code": exc.code, "referral_id": exc.referral_id}
        raise ApiError(
            409, "active_referral_exists", str(exc), extra={"existing": existing}
        ) from exc
    except errors.ReferralNotFound as exc:
        raise ApiError(404, "not_found", str(exc)) from exc
    except ReferralClosed as exc:
        raise ApiError(
            409, "referral_closed", str(exc), extra={"referral_status": exc.status}
        ) from exc


def _idempotency_key(request: web.Request) -> str | None:
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if key is not None and not _KEY.match(key):
        message = "Use 1 to 255 visible ASCII characters, e.g. a UUID."
        raise ApiError(
            422, "validation_failed", message, {IDEMPOTENCY_HEADER: [message]}
        )
    return key


async def _fingerprint(request: web.Request, key: bytes) -> str:
    canonical = json.dumps(
        json.loads(await request.read()), sort_keys=True, separators=(",", ":")
    )
    return hmac.new(key, canonical.encode(), hashlib.sha256).hexdigest()


def _registration(
    body: dict[str, Any], principal: Principal, key: str | None, fingerprint: str
) -> RegisterReferral:
    tests = tuple(
        PreAdmissionTest(t["code"], t["done_on"], t["valid_until"], t["note"])
        for t in body["tests"]
    )
    return RegisterReferral(
        referring_facility_id=principal.facility,
        practitioner_id=principal.subject,
        patient=Patient(**body["patient"]),
        tests=tests,
        idempotency_key=key,
        request_fingerprint=fingerprint,
        **{k: v for k, v in body.items() if k not in ("patient", "tests")},
    )


async def register_referral(request: web.Request) -> web.Response:
    principal = require_principal(request, "doctor")
    key = _idempotency_key(request)
    body = await load_body(request, schemas.ReferralIn())
    bus = request.app[BUS]
    fingerprint = await _fingerprint(request, bus.deps.digest_key)
    with answers_for_refusals():
        registration = await bus.handle(
            _registration(body, principal, key, fingerprint)
        )
    headers = {"Location": f"/v1/referrals/{registration.receipt['id']}"}
    if registration.replayed:
        headers["Idempotent-Replayed"] = "true"
    return web.json_response(registration.receipt, status=201, headers=headers)


def _referral_id(request: web.Request) -> str:
    referral_id = request.match_info["referral_id"]
    if not _REFERRAL_ID.match(referral_id):
        raise ApiError(404, "not_found", "No such referral.")
    return referral_id


async def get_referral(request: web.Request) -> web.Response:
    principal = require_principal(request, "doctor")
    referral = await views.referral_of_facility(
        request.app[BUS].deps, _referral_id(request), principal.facility
    )
    if referral is None:
        raise ApiError(404, "not_found", "No such referral.")
    return web.json_response(answers.ReferralOut().dump(referral))


async def _page(
    request: web.Request, principal: Principal, query: dict[str, Any]
) -> web.Response:
    where = views.ReferralFilter(
        facility_id=principal.facility,
        status=query.get("status"),
        hospitalization_code=query.get("code"),
        iin=query.get("iin"),
    )
    page = await views.referrals_page(
        request.app[BUS].deps, where, query["page"], query["page_size"]
    )
    return web.json_response(answers.ReferralPageOut().dump(page))


async def list_referrals(request: web.Request) -> web.Response:
    principal = require_principal(request, "doctor")
    return await _page(request, principal, load_query(request, schemas.ListQuery()))


async def search_referrals(request: web.Request) -> web.Response:
    principal = require_principal(request, "doctor")
    return await _page(request, principal, await load_body(request, schemas.SearchIn()))


async def cancel_referral(request: web.Request) -> web.Response:
    principal = require_principal(request, "doctor")
    referral_id = _referral_id(request)
    body = await load_body(request, schemas.CancelIn())
    command = CancelReferral(
        referral_id=referral_id,
        facility_id=principal.facility,
        actor=f"doctor:{principal.subject}",
        reason_code=body["reason_code"],
        note=body["note"],
    )
    with answers_for_refusals():
        referral = await request.app[BUS].handle(command)
    return web.json_response(answers.ReferralOut().dump(referral))
