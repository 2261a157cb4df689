"""What a clerk does to one queue entry (admit, no-show, reject,
discharge), answered on the page the form was on (a reschedule or reject
refused for its fields, on that action's own page instead); and the
inpatients, each with its discharge."""

from __future__ import annotations

from aiohttp import web

from services.console.apis import ApiRefused
from services.console.entrypoints.admissions import own_profiles, refusal_text
from services.console.entrypoints.entry_forms import FORM_FIELDS, refused_form
from services.console.entrypoints.guard import caller, flash, page_context, signed_in
from services.console.entrypoints.keys import APIS
from services.console.entrypoints.signing_in import safe_next
from services.console.labels import ENTRY_DONE, SECOND_NO_SHOW
from services.console.pages import render, see_other
from services.console.words import page_language, words

ENTRY_FIELDS = {
    "admit": ("note",),
    "no-show": ("note",),
    "discharge": ("note",),
    **FORM_FIELDS,
}


@signed_in("hospital")
async def on_entry(request: web.Request) -> web.StreamResponse:
    entry_id, action = request.match_info["entry_id"], request.match_info["action"]
    if action not in ENTRY_FIELDS:
        return render(request, "no_page.html", page_context(request), status=404)
    form = await request.post()
    back = safe_next(str(form.get("back", ""))) or "/admissions"
    typed = {name: str(form.get(name, "")).strip() for name in ENTRY_FIELDS[action]}
    body = {name: value for name, value in typed.items() if value}
    try:
        done = await request.app[APIS].on_entry(caller(request), entry_id, action, body)
    except ApiRefused as refused:
        if action in FORM_FIELDS and refused.fields:
            return refused_form(request, entry_id, action, back, typed, refused)
        flash(request, "refused", refusal_text(refused))
        return see_other(back)
    say = words(page_language(request))
    code, day = done.get("hospitalization_code", ""), done.get("scheduled_date", "")
    second = action == "no-show" and done.get("status") == "cancelled"
    told = SECOND_NO_SHOW if second else ENTRY_DONE[action]
    flash(request, "done", say(told, code=code, day=day))
    return see_other(back)


@signed_in("hospital")
async def inpatients(request: web.Request) -> web.StreamResponse:
    profiles = own_profiles(request)
    chosen = request.query.get("bed_profile", "")
    bed_profile = chosen if chosen in profiles else ""
    found = await request.app[APIS].inpatients(caller(request), bed_profile)
    context = {
        **page_context(request),
        "found": found,
        "bed_profile": bed_profile,
        "profiles": profiles,
        "back": request.path_qs,
    }
    return render(request, "inpatients.html", context)


@signed_in("hospital")
async def export(request: web.Request) -> web.StreamResponse:
    """The admissions list or the inpatients as CSV or XLSX, with the
    clerk's token, in the clerk's language."""
    listing = request.match_info["listing"]
    kind = request.query.get("format", "")
    if listing not in ("admissions", "inpatients") or kind not in ("csv", "xlsx"):
        return render(request, "no_page.html", page_context(request), status=404)
    params = {"format": kind, "lang": page_language(request)}
    for name in ("date", "bed_profile"):
        if request.query.get(name):
            params[name] = request.query[name]
    got = await request.app[APIS].spreadsheet(caller(request), listing, params)
    return web.Response(
        body=got.body,
        headers={
            "Content-Type": got.content_type,
            "Content-Disposition": got.disposition,
        },
    )


@signed_in("hospital")
async def find(request: web.Request) -> web.StreamResponse:
    """A patient of this hospital by code or IIN, posted (never in a URL)."""
    form = await request.post()
    typed = str(form.get("query", "")).strip()
    digits = typed.replace(" ", "")
    body = (
        {"iin": digits} if digits.isdigit() and len(digits) == 12 else {"code": typed}
    )
    found: dict[str, object] = {"entries": []}
    if typed:
        found = await request.app[APIS].find_entries(caller(request), body)
    context = {**page_context(request), "found": found, "searched": typed}
    return render(request, "found_entries.html", context)
