"""The status page without JavaScript: its forms post here and the answer is
the page itself, filled in on the server.

``POST /`` looks up a referral (in another language too: the language
buttons send a shown result's code and IIN again; without a result they are
a plain ``GET /?lang=``) and ``POST /cancel`` leaves the queue, through the same
view code, limits and refusals as ``POST /v1/queue/lookup`` and
``POST /v1/queue/cancel``; a refusal is the page with its message, answered
with the API's status (404, 403, 422, 429 with Retry-After, 409). The code
and the IIN travel only in the body, never in a URL, and no cache keeps an
answer (``Cache-Control: no-store``).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import web
from marshmallow import fields

from services.queue.patients.entrypoints.patients import (
    left_queue,
    looked_up,
    take_client_token,
)
from services.queue.patients.entrypoints.schemas import CancelRequest, LookupRequest
from services.queue.patients.status_page.page import page_answer, page_language
from services.queue.patients.status_page.view import PageState
from services.queue.refusals import RESEND
from shared.http import ApiError, load_fields

NOT_DIGITS = re.compile(r"[^0-9]")
FORM = "application/x-www-form-urlencoded"


def language_field() -> fields.String:
    return fields.String(
        load_default=None,
        metadata={"description": "kk, ru or en: the answer's language"},
    )


class LookupForm(LookupRequest):
    """The lookup's fields, the page's language and the resend button."""

    lang = language_field()
    resend = fields.String(
        load_default=None,
        metadata={"description": "any value: send a new one-time code"},
    )


class CancelForm(CancelRequest):
    """The cancel's fields (a note is the API's only) and the language."""

    lang = language_field()


LOOKUP_FORM = LookupForm()
CANCEL_FORM = CancelForm()
MESSAGES = {
    (404, "not_found"): "error.not_found",
    (403, "verification_required"): "verification.required",
    (403, "verification_failed"): "error.otp_wrong",
    (409, "invalid_transition"): "error.not_cancellable",
    (429, "too_many_requests"): "error.rate_limited",
    (503, "busy"): "error.network",
    (503, "store_unavailable"): "error.network",
}
"""The page's message for each refusal of the lookup or the cancel; any
other (a field the schema refuses) asks to check the fields."""


async def submitted(request: web.Request) -> dict[str, str]:
    """The form's text values, as page.js would send them: spaces around
    the code trimmed, separators out of the IIN and the one-time code, and
    an empty field left out. A body that is not a form is refused (415)."""
    if request.content_type != FORM:
        raise ApiError(415, "unsupported_media_type", f"Send the form as {FORM}.")
    form = await request.post()
    found = {name: value for name, value in form.items() if isinstance(value, str)}
    for name in ("iin", "one_time_code"):
        if name in found:
            found[name] = NOT_DIGITS.sub("", found[name])
    found["code"] = found.get("code", "").strip()
    return {name: value for name, value in found.items() if value}


Step = Callable[[web.Request, dict[str, str], str], Awaitable[PageState]]


async def answered(request: web.Request, step: Step) -> web.Response:
    """The page after ``step`` on the submitted form (the client's token
    taken first, as the API does), or the page with its refusal."""
    sent: dict[str, str] = {}
    language = page_language(request, None)
    try:
        sent = await submitted(request)
        language = page_language(request, sent.get("lang"))
        await take_client_token(request)
        return page_answer(request, language, await step(request, sent, language))
    except ApiError as refusal:
        return refused(request, language, sent, refusal)


async def look_up(
    request: web.Request, sent: dict[str, str], language: str
) -> PageState:
    if "resend" in sent:
        sent.pop("one_time_code", None)
    body = load_fields(sent, LOOKUP_FORM)
    code, iin, one_time_code = body["code"], body["iin"], body["one_time_code"]
    found = await looked_up(request, code, iin, one_time_code, language)
    return shown(sent, found)


async def leave(request: web.Request, sent: dict[str, str], language: str) -> PageState:
    body = load_fields(sent, CANCEL_FORM)
    return shown(sent, await left_queue(request, body, language), "leave.done")


async def lookup_form(request: web.Request) -> web.Response:
    return await answered(request, look_up)


async def cancel_form(request: web.Request) -> web.Response:
    return await answered(request, leave)


def shown(
    sent: Mapping[str, str], result: Mapping[str, Any], message: str | None = None
) -> PageState:
    return PageState(
        code=sent.get("code", ""),
        iin=sent.get("iin", ""),
        one_time_code=sent.get("one_time_code", ""),
        result=result,
        message=message,
    )


def refused(
    request: web.Request, language: str, sent: Mapping[str, str], refusal: ApiError
) -> web.Response:
    """The page with the refusal's message, the fields as sent (to correct
    them) and, once the code's guesses are spent, the one-time code step."""
    message = MESSAGES.get((refusal.status, refusal.code), "error.invalid")
    one_time_code = refusal.status == 403
    if refusal.status == 422:
        if "one_time_code" in refusal.fields:
            message, one_time_code = "error.otp_invalid", True
        elif "reason_code" in refusal.fields:
            message = "error.reason_missing"
    if message == "verification.required" and "resend" in sent:
        message = "verification.resent"
    state = PageState(
        code=sent.get("code", ""),
        iin=sent.get("iin", ""),
        message=message,
        message_values={"seconds": refusal.headers.get("Retry-After", "60")},
        one_time_code_step=one_time_code or "one_time_code" in sent,
        resend_after_s=RESEND["resend_after_s"] if one_time_code else 0,
    )
    return page_answer(request, language, state, refusal.status, refusal.headers)
