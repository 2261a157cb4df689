"""The hospital clerk's day: the admissions list of a day and bed profile
with the beds in view, the next N pulled from the queue (atomically, by the
queue service), and each scheduled patient admitted, recorded as a no-show
or rejected with a reason."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from aiohttp import web

from services.console.apis import ApiRefused
from services.console.entrypoints.guard import caller, flash, page_context, signed_in
from services.console.entrypoints.keys import APIS, session_of
from services.console.labels import CLERK_REASONS, PULLED, TAKEN
from services.console.pages import console_settings, render, see_other
from services.console.words import Words, page_language, words
from shared.http.app import REGISTRY


def today(request: web.Request) -> date:
    zone = ZoneInfo(console_settings(request.app).local_timezone)
    return datetime.now(zone).date()


def asked_day(request: web.Request, raw: object) -> str:
    try:
        return date.fromisoformat(str(raw)).isoformat()
    except ValueError:
        return today(request).isoformat()


def own_profiles(request: web.Request) -> tuple[str, ...]:
    """The bed profiles of the clerk's hospital (from the registry)."""
    hospital = request.app[REGISTRY].get(session_of(request).user.facility)
    return tuple(hospital.bed_profiles) if hospital else ()


def list_address(day: str, bed_profile: str) -> str:
    return "/admissions?" + urlencode({"date": day, "bed_profile": bed_profile})


@signed_in("hospital")
async def admissions(request: web.Request) -> web.StreamResponse:
    profiles = own_profiles(request)
    day = asked_day(request, request.query.get("date"))
    chosen = request.query.get("bed_profile", "")
    bed_profile = chosen if chosen in profiles else (profiles[0] if profiles else "")
    found, refusal = None, None
    if bed_profile:
        try:
            found = await request.app[APIS].admissions(
                caller(request), day, bed_profile
            )
        except ApiRefused as refused:
            refusal = refused
    context = {
        **page_context(request),
        "day": day,
        "bed_profile": bed_profile,
        "profiles": profiles,
        "found": found,
        "refusal": refusal,
        "reasons": CLERK_REASONS,
        "request_key": secrets.token_urlsafe(16),
        "back": list_address(day, bed_profile),
    }
    return render(request, "admissions.html", context)


@signed_in("hospital")
async def pull(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    day = asked_day(request, form.get("date"))
    bed_profile = str(form.get("bed_profile", ""))
    body: dict[str, object] = {"bed_profile": bed_profile, "date": day}
    count = str(form.get("count", "1"))
    body["count"] = int(count) if count.isdigit() else count
    for name in ("override_reason_code", "note"):
        if form.get(name):
            body[name] = str(form[name]).strip()
    key = str(form.get("request_key", "")) or secrets.token_urlsafe(16)
    say = words(page_language(request))
    try:
        pulled = await request.app[APIS].pull(caller(request), body, key)
    except ApiRefused as refused:
        flash(request, "refused", refusal_text(refused))
        return see_other(list_address(day, bed_profile))
    flash(request, "done", pulled_text(say, pulled))
    return see_other(list_address(day, bed_profile))


def pulled_text(say: Words, pulled: dict[str, object]) -> str:
    """How many were booked and skipped, and the codes of those booked."""
    rows = _listed(pulled.get("scheduled"))
    told = say(PULLED, scheduled=len(rows), skipped=len(_listed(pulled.get("skipped"))))
    codes = ", ".join(str(row.get("hospitalization_code", "")) for row in rows)
    return f"{told} {say(TAKEN, codes=codes)}" if codes else told


def _listed(value: object) -> list[dict[str, object]]:
    return (
        [row for row in value if isinstance(row, dict)]
        if isinstance(value, list)
        else []
    )


def refusal_text(refused: ApiRefused) -> str:
    """The API's message and its fields' messages, as one line."""
    details = [m for messages in refused.fields.values() for m in messages]
    return " ".join([refused.message, *details])
