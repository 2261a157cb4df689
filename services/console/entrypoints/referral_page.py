"""One referral: what it is, where it stands in the queue, its history and
the notifications sent, and the actions its status allows (cancel, renew,
reinstate), each a form posted with the CSRF token and answered with what
happened in the reader's language."""

from __future__ import annotations

import secrets
from typing import Any

from aiohttp import web

from services.console.apis import ApiRefused, Caller, Json
from services.console.entrypoints.form_rows import typed_rows
from services.console.entrypoints.guard import caller, flash, page_context, signed_in
from services.console.entrypoints.keys import APIS
from services.console.labels import (
    ACTION_REASONS,
    ACTIONS_BY_STATUS,
    CHANNELS,
    DELIVERIES,
    DONE,
    SHORTER_WAIT,
    STATUSES,
    STEPS,
    WAIT_FLAGS,
)
from services.console.pages import render, see_other
from services.console.words import page_language, words
from shared.contracts.reasons import PRE_ADMISSION_TESTS
from shared.http.app import REGISTRY

ACTION_FIELDS = {
    "cancel": ("reason_code", "note"),
    "renew": ("reason_code", "valid_until", "note"),
    "reinstate": ("reason_code", "valid_until", "note"),
    "move": ("facility_id", "reason_code", "note"),
}
NOT_FOUND = (403, 404)


@signed_in("doctor")
async def referral_page(request: web.Request) -> web.StreamResponse:
    return await _shown(request, request.match_info["referral_id"])


@signed_in("doctor")
async def act(request: web.Request) -> web.StreamResponse:
    referral_id = request.match_info["referral_id"]
    action = request.match_info["action"]
    if action not in ACTION_FIELDS:
        return _not_found(request)
    form = await request.post()
    typed = {name: str(form.get(name, "")).strip() for name in ACTION_FIELDS[action]}
    body = {name: value for name, value in typed.items() if value}
    key = str(form.get("request_key", "")) or secrets.token_urlsafe(16)
    apis = request.app[APIS]
    try:
        await apis.act(caller(request), referral_id, action, body, key)
    except ApiRefused as refused:
        if refused.status in NOT_FOUND:
            return _not_found(request)
        failed = {"action": action, "refusal": refused, "typed": typed}
        return await _shown(request, referral_id, failed, status=refused.status)
    flash(request, "done", words(page_language(request))(DONE[action]))
    return see_other(f"/referrals/{referral_id}")


async def shown_with(
    request: web.Request, referral_id: str, failed: dict[str, Any], status: int
) -> web.Response:
    """The referral's page again, with what was refused and why."""
    return await _shown(request, referral_id, failed, status=status)


async def _shown(
    request: web.Request,
    referral_id: str,
    failed: dict[str, Any] | None = None,
    *,
    status: int = 200,
) -> web.Response:
    apis, who = request.app[APIS], caller(request)
    try:
        referral = await apis.referral(who, referral_id)
    except ApiRefused as refused:
        if refused.status in NOT_FOUND:
            return _not_found(request)
        raise
    standing = await _optional(apis.alternatives, who, referral_id)
    context = {
        **page_context(request),
        "referral": referral,
        "standing": standing,
        "notifications": await _optional(apis.notifications, who, referral_id),
        "actions": _actions(referral),
        "destinations": destinations(request, referral, standing),
        "failed": failed or {},
        "request_key": secrets.token_urlsafe(16),
        "statuses": STATUSES,
        "steps": STEPS,
        "channels": CHANNELS,
        "wait_flags": WAIT_FLAGS,
        "tests": PRE_ADMISSION_TESTS,
        "test_rows": typed_rows(referral.get("tests") or []),
        "deliveries": DELIVERIES,
    }
    return render(request, "referral.html", context, status=status)


def destinations(
    request: web.Request, referral: Json, standing: Json | None
) -> list[tuple[str, str]]:
    """Where a waiting referral may move: the hospitals with a shorter
    estimated wait first (the queue's alternatives, with their estimate),
    then the registry's other hospitals of its bed profile."""
    say = words(page_language(request))
    guarantee = (standing or {}).get("wait_guarantee") or {}
    shorter = [
        (str(a["facility_id"]), say(SHORTER_WAIT, name=a.get("name", "")))
        for a in guarantee.get("alternatives", [])
        if a.get("facility_id")
    ]
    named = {facility_id for facility_id, _ in shorter}
    language = page_language(request)
    others = [
        (f.id, f.name_in(language))
        for f in request.app[REGISTRY].hospitals(referral.get("bed_profile"))
        if f.id != referral.get("facility_id") and f.id not in named
    ]
    return shorter + sorted(others, key=lambda pair: pair[1])


def _actions(referral: Json) -> dict[str, dict[str, str]]:
    """The actions the referral's status allows, with their reasons."""
    status = referral.get("status", "")
    return {
        action: ACTION_REASONS[action]
        for action, statuses in ACTIONS_BY_STATUS.items()
        if status in statuses
    }


async def _optional(read: Any, who: Caller, referral_id: str) -> Json | None:
    """A part of the page another service gives; the page stands without it."""
    try:
        found = await read(who, referral_id)
    except ApiRefused:
        return None
    return found if isinstance(found, dict) else None


def _not_found(request: web.Request) -> web.Response:
    return render(request, "not_found.html", page_context(request), status=404)
