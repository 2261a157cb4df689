"""The one table from what the notification service refuses to its HTTP
answer, and the wrapper that applies it to every view."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web

from services.notification.domain.webhook_address import RefusedAddress
from services.notification.service_layer.errors import (
    FacilityNotFound,
    NotYourFacility,
    ReferralNotFound,
    WebhookNotFound,
)
from shared.http import ApiError

View = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class Answer:
    status: int
    code: str
    message: str
    field: str | None = None
    """Where the refusal's own words go in ``fields``, if anywhere."""


ANSWERS: dict[type[Exception], Answer] = {
    NotYourFacility: Answer(
        403, "forbidden", "A doctor manages only their own facility."
    ),
    FacilityNotFound: Answer(404, "facility_not_found", "No such facility."),
    WebhookNotFound: Answer(404, "webhook_not_found", "This facility has no webhook."),
    ReferralNotFound: Answer(404, "referral_not_found", "No such referral of yours."),
    RefusedAddress: Answer(
        422, "validation_failed", "The request has invalid fields.", field="url"
    ),
}


def api_error(exc: Exception) -> ApiError:
    answer = next(ANSWERS[k] for k in type(exc).__mro__ if k in ANSWERS)
    fields = {answer.field: [str(exc)]} if answer.field else None
    return ApiError(answer.status, answer.code, answer.message, fields)


def answering(view: View) -> View:
    """``view`` with every refusal in :data:`ANSWERS` answered as it says."""
    refusals = tuple(ANSWERS)

    @functools.wraps(view)
    async def answered(request: web.Request) -> web.StreamResponse:
        try:
            return await view(request)
        except refusals as exc:
            raise api_error(exc) from exc

    return answered
