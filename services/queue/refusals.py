"""The queue service's one table from refusals (exceptions of its rooms) to
the API's error answers. Views send commands with ``carried_out``, or catch
``REFUSED`` around another question and raise ``refusal(exc)``; the most
specific exception listed wins."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.queue.hospital.domain.admissions import NoFreeBeds, NotDue, UnbookableDate
from services.queue.hospital.service_layer.emergencies import (
    AlreadyAdmitted,
    PatientDoesNotFit,
)
from services.queue.hospital.service_layer.hospital_queues import QueueNotFound
from services.queue.messagebus import MessageBus
from services.queue.patients.service_layer.handlers import NotCancellable
from services.queue.patients.service_layer.patient_gate import (
    PatientNotFound,
    VerificationFailed,
    VerificationRequired,
)
from services.queue.patients.service_layer.ports import RESEND_AFTER_S
from services.queue.waiting_list.domain.status import InvalidTransition
from services.queue.waiting_list.service_layer.book import IndexBehind
from services.queue.waiting_list.service_layer.handlers import EntryNotFound
from services.queue.waiting_list.service_layer.unit_of_work import ConcurrentChange
from shared.http import ApiError
from shared.idempotency import (
    IDEMPOTENCY_HEADER,
    IdempotencyKeyReused,
    MalformedIdempotencyKey,
)
from shared.iin import InvalidIIN

INVALID = "The request has invalid fields."
MALFORMED_KEY = "Use 1 to 255 visible ASCII characters."
KEY_REUSED = (
    "This Idempotency-Key was already used for a different request; "
    "send a new key for a new request."
)
SENT = (
    "If the code and IIN are right and a contact is on file, a one-time "
    "code has been sent to it: send it with them as one_time_code."
)
RESEND = {"resend_after_s": RESEND_AFTER_S}
BUSY = {"Retry-After": "1"}

REFUSALS: dict[type[Exception], Callable[[Any], ApiError]] = {
    EntryNotFound: lambda e: ApiError(404, "not_found", "No such entry."),
    QueueNotFound: lambda e: ApiError(404, "not_found", str(e)),
    PatientNotFound: lambda e: ApiError(
        404, "not_found", "No referral matches this code and IIN."
    ),
    InvalidTransition: lambda e: ApiError(
        409, "invalid_transition", str(e), extra={"current_status": e.status}
    ),
    NotCancellable: lambda e: ApiError(
        409,
        "invalid_transition",
        "This referral can no longer be cancelled here.",
        extra={"current_status": e.status},
    ),
    NotDue: lambda e: ApiError(
        409,
        "not_due",
        str(e),
        extra={"current_status": "scheduled", "scheduled_date": str(e.scheduled)},
    ),
    NoFreeBeds: lambda e: ApiError(
        409,
        "no_free_beds",
        str(e),
        extra={"date": e.on.isoformat(), "free_beds": e.free},
    ),
    AlreadyAdmitted: lambda e: ApiError(
        409, "already_admitted", str(e), extra={"admitted_entry_id": e.entry_id}
    ),
    PatientDoesNotFit: lambda e: ApiError(
        422, "validation_failed", INVALID, {"bed_profile": e.misfits}
    ),
    UnbookableDate: lambda e: ApiError(
        422, "validation_failed", INVALID, {"date": [str(e)]}
    ),
    InvalidIIN: lambda e: ApiError(
        422, "validation_failed", INVALID, {"iin": [str(e)]}
    ),
    MalformedIdempotencyKey: lambda e: ApiError(
        422, "validation_failed", INVALID, {IDEMPOTENCY_HEADER: [MALFORMED_KEY]}
    ),
    IdempotencyKeyReused: lambda e: ApiError(
        422, "idempotency_key_reused", KEY_REUSED, {IDEMPOTENCY_HEADER: [KEY_REUSED]}
    ),
    VerificationRequired: lambda e: ApiError(
        403, "verification_required", SENT, extra=RESEND
    ),
    VerificationFailed: lambda e: ApiError(
        403,
        "verification_failed",
        "The code, IIN and one-time code do not match.",
        extra=RESEND,
    ),
    IndexBehind: lambda e: ApiError(
        503, "busy", "Please try again in a moment.", headers=BUSY
    ),
    ConcurrentChange: lambda e: ApiError(
        503, "busy", "Please try again in a moment.", headers=BUSY
    ),
}
REFUSED = tuple(REFUSALS)


def refusal(exc: Exception) -> ApiError:
    """The answer for ``exc`` (one of ``REFUSED``)."""
    for kind in type(exc).__mro__:
        if kind in REFUSALS:
            return REFUSALS[kind](exc)
    raise exc


async def carried_out(bus: MessageBus, command: object) -> Any:
    """What the bus answers to ``command``; a refusal as its API error."""
    try:
        return await bus.handle(command)
    except REFUSED as exc:
        raise refusal(exc) from exc
