"""What every hospital endpoint shares: the clerk from the token, optional
bodies, the Idempotency-Key and the answer of a change made once."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from marshmallow import Schema

from services.queue.hospital.service_layer.dependencies import Hospital
from services.queue.refusals import refusal
from services.queue.waiting_list.domain.actors import Actor
from shared.http import ApiError, load_body, require_principal
from shared.idempotency import (
    IDEMPOTENCY_HEADER,
    REPLAYED_HEADER,
    Answer,
    MalformedIdempotencyKey,
    checked_key,
)
from shared.identity import Principal

IDEMPOTENCY_DOC = {
    "in": "header",
    "name": IDEMPOTENCY_HEADER,
    "required": False,
    "schema": {"type": "string", "maxLength": 255},
    "description": "Makes a retry safe: the same key and body return the first "
    "answer (with Idempotent-Replayed: true) and change nothing again; the same "
    "key with another body answers 422. Keys are per hospital, kept 48 h.",
}


async def clerk(request: web.Request) -> tuple[Principal, Actor]:
    """The hospital clerk calling, and how the log names them."""
    principal = await require_principal(request, "hospital")
    return principal, Actor("hospital", f"{principal.facility}:{principal.subject}")


def _invalid(field: str, message: str) -> ApiError:
    return ApiError(
        422, "validation_failed", "The request has invalid fields.", {field: [message]}
    )


def known_profile(hospital: Hospital, bed_profile: str) -> str:
    if bed_profile not in hospital.registry.bed_profiles:
        choices = ", ".join(hospital.registry.bed_profiles)
        raise _invalid("bed_profile", f"Must be one of: {choices}.")
    return bed_profile


def idempotency_key(request: web.Request) -> str | None:
    try:
        return checked_key(request.headers.get(IDEMPOTENCY_HEADER))
    except MalformedIdempotencyKey as exc:
        raise refusal(exc) from exc


async def optional_body(request: web.Request, schema: Schema) -> Any:
    """Like load_body, but an empty body means no fields."""
    if not await request.read():
        return schema.load({})
    return await load_body(request, schema)


def answer(result: Answer) -> web.Response:
    headers = {REPLAYED_HEADER: "true"} if result.replayed else None
    return web.json_response(result.body, status=result.status, headers=headers)
