"""The bureau's pages (role admin): every facility's waiting, free beds and
estimated wait per bed profile, as a table and a server-drawn bar chart; the
entries at risk of, or past, their maximum wait; a queue log's verification."""

from __future__ import annotations

from aiohttp import web

from services.console.apis import Json
from services.console.entrypoints.guard import caller, page_context, signed_in
from services.console.entrypoints.keys import APIS
from services.console.pages import render
from services.console.words import page_language
from shared.http.app import REGISTRY

FLAGS = ("in_breach", "breach_expected", "at_risk")
CHART_ROWS = 25


def _asked(request: web.Request, names: tuple[str, ...]) -> dict[str, str]:
    return {name: request.query[name] for name in names if request.query.get(name)}


def waiting(row: Json) -> int:
    count = row.get("waiting")
    return count if isinstance(count, int) else 0


def waiting_rows(answer: Json) -> list[Json]:
    """One row per facility and bed profile, the longest queue first."""
    rows = [
        {**profile, "facility_id": hospital["id"], "name": hospital.get("name", "")}
        for hospital in answer.get("facilities", [])
        for profile in hospital.get("bed_profiles", [])
    ]
    return sorted(rows, key=lambda row: -waiting(row))


@signed_in("admin")
async def overview(request: web.Request) -> web.StreamResponse:
    params = {
        **_asked(request, ("bed_profile", "region")),
        "lang": page_language(request),
    }
    answer = await request.app[APIS].facilities(caller(request), params)
    rows = waiting_rows(answer)
    longest = max([waiting(row) for row in rows] or [0])
    context = {
        **page_context(request),
        "rows": rows,
        "chart": rows[:CHART_ROWS],
        "longest": max(longest, 1),
        "as_of": answer.get("as_of", ""),
        "asked": params,
        "registry": request.app[REGISTRY],
    }
    return render(request, "bureau.html", context)


@signed_in("admin")
async def wait_guarantee(request: web.Request) -> web.StreamResponse:
    params = _asked(request, ("region", "bed_profile", "facility_id", "flag"))
    if params.get("flag") not in (None, *FLAGS):
        params.pop("flag")
    answer = await request.app[APIS].wait_guarantee(caller(request), params)
    context = {
        **page_context(request),
        "found": answer,
        "asked": params,
        "flags": FLAGS,
    }
    return render(request, "wait_guarantee.html", context)


@signed_in("admin")
async def queue_log(request: web.Request) -> web.StreamResponse:
    queue_id = request.match_info["queue_id"]
    answer = await request.app[APIS].queue_log(caller(request), queue_id)
    return render(request, "queue_log.html", {**page_context(request), "log": answer})
