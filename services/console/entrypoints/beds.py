"""The hospital's beds: the bed board (per bed profile, the beds, those
occupied, the queue's length and the next days' bookings) and the emergency
admission, which takes a bed at once."""

from __future__ import annotations

from aiohttp import web

from services.console.apis import ApiRefused
from services.console.entrypoints.admissions import own_profiles
from services.console.entrypoints.guard import caller, flash, page_context, signed_in
from services.console.entrypoints.keys import APIS
from services.console.labels import EMERGENCY_DONE
from services.console.pages import render, see_other
from services.console.words import page_language, words

BOARD_DAYS = (1, 3, 7, 14, 31)
"""The spans the bed board offers (the API takes 1 to 31 days)."""
EMERGENCY_FIELDS = ("iin", "bed_profile", "diagnosis", "full_name")


@signed_in("hospital")
async def bed_board(request: web.Request) -> web.StreamResponse:
    asked = request.query.get("days", "")
    days = int(asked) if asked.isdigit() and int(asked) in BOARD_DAYS else 7
    board = await request.app[APIS].bed_board(caller(request), days)
    context = {**page_context(request), "board": board, "days": days}
    return render(request, "bed_board.html", {**context, "spans": BOARD_DAYS})


@signed_in("hospital")
async def emergency_form(request: web.Request) -> web.StreamResponse:
    return _form(request, {}, None)


@signed_in("hospital")
async def admit_emergency(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    typed = {name: str(form.get(name, "")).strip() for name in EMERGENCY_FIELDS}
    body = {name: value for name, value in typed.items() if value}
    try:
        done = await request.app[APIS].admit_emergency(caller(request), body)
    except ApiRefused as refused:
        return _form(request, typed, refused)
    say = words(page_language(request))
    closed = done.get("open_entries_closed", 0)
    flash(request, "done", say(EMERGENCY_DONE, closed=closed))
    return see_other("/inpatients")


def _form(
    request: web.Request, typed: dict[str, str], refused: ApiRefused | None
) -> web.Response:
    context = {
        **page_context(request),
        "typed": typed,
        "refusal": refused,
        "problems": refused.fields if refused else {},
        "profiles": own_profiles(request),
    }
    status = refused.status if refused else 200
    return render(request, "emergency.html", context, status=status)
