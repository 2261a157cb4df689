"""What every hospital endpoint shares: the clerk from the token, the
refusals turned into answers, optional bodies and the Idempotency-Key."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aiohttp import web
from marshmallow import Schema

from services.queue.hospital.domain.admissions import NoFreeBeds, NotDue, UnbookableDate
from services.queue.hospital.service_layer.answered_once import (
    Answer,
    IdempotencyKeyReused,
)
from services.queue.hospital.service_layer.dependencies import Hospital
from services.queue.hospital.service_layer.emergencies import AlreadyAdmitted
from services.queue.hospital.service_layer.hospital_queues import QueueNotFound
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.model import InvalidTransition
from services.queue.waiting_list.service_layer.book import IndexBehind
from services.queue.waiting_list.service_layer.handlers import EntryNotFound
from services.queue.waiting_list.service_layer.writer import ConcurrentChange
from shared.auth import Principal
from shared.http import ApiError, load_body, require_principal

IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_DOC = {
    "in": "header",
    "name": IDEMPOTENCY_HEADER,
    "required": False,
    "schema": {"type": "string", "maxLength": 255},
    "description": "Makes a retry safe: the same key and body return the first "
    "answer (with Idempotent-Replayed: true) and change nothing again; the same "
    "key with another body answers 422. Keys are per hospital, kept 48 h.",
}
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")


def clerk(request: web.Request) -> tuple[Principal, Actor]:
    """The hospital clerk calling, and how the log names them."""
    principal = require_principal(request, "hospital")
    return principal, Actor("hospital", f"{principal.facility}:{principal.subject}")


def _invalid(field: str, message: str) -> ApiError:
    return ApiError(
        422, "validation_failed", "The request has invalid fields.", {field: [message]}
    )


def known_profile(hospital: Hospital, bed_profile: str) -> str:
    if bed_profile not in hospital.registry.bed_profiles:
        known = ", ".join(hospital.registry.bed_profiles)
        raise _invalid("bed_profile", f"Must be one of: {known}.")
    return bed_profile


def idempotency_key(request: web.Request) -> str | None:
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if key is not None and not _KEY.match(key):
        raise _invalid(IDEMPOTENCY_HEADER, "Use 1 to 255 visible ASCII characters.")
    return key


async def optional_body(request: web.Request, schema: Schema) -> Any:
    """Like load_body, but an empty body means no fields."""
    if not await request.read():
        return schema.load({})
    return await load_body(request, schema)


def answer(result: Answer) -> web.Response:
    headers = {"Idempotent-Replayed": "true"} if result.replayed else None
    return web.json_response(result.body, status=result.status, headers=headers)


@contextmanager
def refusals() -> Iterator[None]:
    """The service layer's refusals as the API's one error shape."""
    try:
        yield
    except (EntryNotFound, QueueNotFound) as exc:
        message = str(exc) if isinstance(exc, QueueNotFound) else "No such entry."
        raise ApiError(404, "not_found", message) from exc
    except InvalidTransition as exc:
        raise ApiError(
            409, "invalid_transition", str(exc), extra={"current_status": exc.status}
        ) from exc
    except NotDue as exc:
        due = {"current_status": "scheduled", "scheduled_date": str(exc.scheduled)}
        raise ApiError(409, "not_due", str(exc), extra=due) from exc
    except NoFreeBeds as exc:
        full = {"date": exc.on.isoformat(), "free_beds": exc.free}
        raise ApiError(409, "no_free_beds", str(exc), extra=full) from exc
    except AlreadyAdmitted as exc:
        raise ApiError(
            409,
            "already_admitted",
            str(exc),
            extra={"admitted_entry_id": exc.entry_id},
        ) from exc
    except UnbookableDate as exc:
        raise _invalid("date", str(exc)) from exc
    except IdempotencyKeyReused as exc:
        raise ApiError(
            422, "idempotency_key_reused", str(exc), {IDEMPOTENCY_HEADER: [str(exc)]}
        ) from exc
    except (IndexBehind, ConcurrentChange) as exc:
        raise ApiError(
            503, "busy", "Please try again in a moment.", headers={"Retry-After": "1"}
        ) from exc
