"""The referral service's one table from what it refuses to the API's
error answers (status, code, message, and the fields or extras of each)."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from services.referral.domain import edits, requests
from services.referral.domain.model import ReferralClosed
from services.referral.service_layer import errors
from shared.http import ApiError
from shared.idempotency import (
    IDEMPOTENCY_HEADER,
    IdempotencyKeyReused,
    MalformedIdempotencyKey,
)

KEY_REUSED = (
    "This Idempotency-Key was already used for a different request body; "
    "send a new key for a new referral."
)
MALFORMED_KEY = "Use 1 to 255 visible ASCII characters, e.g. a UUID."
MALFORMED_IF_MATCH = (
    'Give the version you last saw, in quotes as an entity tag: If-Match: "3".'
)


class MalformedIfMatch(ValueError):
    """An If-Match header that names no version."""


def _active_elsewhere(exc: Any) -> ApiError:
    return ApiError(409, "active_referral_elsewhere", str(exc))


def _active_exists(exc: Any) -> ApiError:
    existing = {"hospitalization_code": exc.code, "referral_id": exc.referral_id}
    return ApiError(
        409, "active_referral_exists", str(exc), extra={"existing": existing}
    )


def _pending(exc: Any) -> ApiError:
    pending = {
        "kind": exc.pending.kind,
        "requested_at": exc.pending.requested_at.isoformat(),
    }
    return ApiError(409, "request_pending", str(exc), extra={"pending": pending})


def _closed(exc: Any) -> ApiError:
    return ApiError(
        409, "referral_closed", str(exc), extra={"referral_status": exc.status}
    )


def _not_reinstatable(exc: Any) -> ApiError:
    return ApiError(
        409, "not_reinstatable", str(exc), extra={"referral_status": exc.status}
    )


def _not_active(exc: Any) -> ApiError:
    return ApiError(
        409, "referral_not_active", str(exc), extra={"referral_status": exc.status}
    )


REFUSALS: dict[type[Exception], Callable[[Any], ApiError]] = {
    errors.UnknownReferringFacility: lambda exc: ApiError(
        403, "facility_not_registered", str(exc)
    ),
    errors.InvalidReferral: lambda exc: ApiError(
        422, "validation_failed", str(exc), exc.errors
    ),
    MalformedIdempotencyKey: lambda exc: ApiError(
        422, "validation_failed", MALFORMED_KEY, {IDEMPOTENCY_HEADER: [MALFORMED_KEY]}
    ),
    IdempotencyKeyReused: lambda exc: ApiError(
        422, "idempotency_key_reused", KEY_REUSED, {IDEMPOTENCY_HEADER: [KEY_REUSED]}
    ),
    errors.ActiveReferralElsewhere: _active_elsewhere,
    errors.ActiveReferralExists: _active_exists,
    errors.ReferralNotFound: lambda exc: ApiError(404, "not_found", str(exc)),
    ReferralClosed: _closed,
    requests.RequestPending: _pending,
    requests.NotReinstatable: _not_reinstatable,
    requests.NotRenewable: _not_active,
    edits.NotEditable: _not_active,
    edits.NothingChanged: lambda exc: ApiError(
        422, "validation_failed", str(exc), {"_body": [str(exc)]}
    ),
    edits.VersionMoved: lambda exc: ApiError(
        412,
        "version_mismatch",
        str(exc),
        extra={"current_version": exc.current},
    ),
    MalformedIfMatch: lambda exc: ApiError(
        422, "validation_failed", MALFORMED_IF_MATCH, {"If-Match": [MALFORMED_IF_MATCH]}
    ),
    requests.NotMovable: lambda exc: ApiError(
        409, "referral_not_waiting", str(exc), extra={"referral_status": exc.status}
    ),
    requests.ReinstatementWindowPassed: lambda exc: ApiError(
        409,
        "reinstatement_window_passed",
        str(exc),
        extra={"reinstatable_until": exc.until.isoformat()},
    ),
}

View = Callable[[web.Request], Awaitable[web.StreamResponse]]


def answering_refusals(view: View) -> View:
    """The view with the service's refusals answered as :data:`REFUSALS`
    says."""

    @functools.wraps(view)
    async def answered(request: web.Request) -> web.StreamResponse:
        try:
            return await view(request)
        except tuple(REFUSALS) as exc:
            answer = next(REFUSALS[k] for k in type(exc).__mro__ if k in REFUSALS)
            raise answer(exc) from exc

    return answered
