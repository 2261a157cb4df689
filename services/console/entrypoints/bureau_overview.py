"""The bureau's overview: every hospital's beds, waiting and estimated wait
per bed profile, as a table and as two server-drawn bar charts holding the
same numbers, filtered by region and bed profile."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from services.console.bureau_apis import FacilitiesQuery
from services.console.charts import Bar
from services.console.entrypoints.bureau_filters import choices, chosen
from services.console.entrypoints.guard import caller, page_context, signed_in
from services.console.entrypoints.keys import BUREAU_APIS
from services.console.labels import BED_PROFILES
from services.console.pages import render
from services.console.words import Words, page_language, words
from shared.http import REGISTRY


@signed_in("admin")
async def overview(request: web.Request) -> web.StreamResponse:
    registry = request.app[REGISTRY]
    query = FacilitiesQuery(
        region=chosen(request, "region", registry.regions),
        bed_profile=chosen(request, "bed_profile", registry.bed_profiles),
    )
    found = await request.app[BUREAU_APIS].facilities(caller(request), query)
    rows = overview_rows(found, words(page_language(request)))
    context = {
        **page_context(request),
        **choices(request),
        "query": query,
        "as_of": found.get("as_of", ""),
        "rows": rows,
        "waiting_bars": [Bar(row["label"], row["waiting"]) for row in rows],
        "wait_bars": wait_bars(rows),
    }
    return render(request, "bureau_overview.html", context)


def overview_rows(found: dict[str, Any], say: Words) -> list[dict[str, Any]]:
    """One row per hospital and bed profile, in the API's order (its
    chart label names the profile first, in the reader's language: a long
    name is clipped)."""
    rows = []
    for facility in found.get("facilities", []):
        for figures in facility.get("bed_profiles", []):
            code = figures["bed_profile"]
            label = f"{say(BED_PROFILES.get(code, code))} · {facility['name']}"
            rows.append(
                {
                    "facility_id": facility["id"],
                    "name": facility["name"],
                    "region": facility.get("region", ""),
                    "label": label,
                    "bed_profile": figures["bed_profile"],
                    "beds": figures.get("beds", 0),
                    "free_beds": figures.get("free_beds", 0),
                    "waiting": figures.get("waiting", 0),
                    "wait": figures.get("estimated_wait_days"),
                }
            )
    return rows


def wait_bars(rows: list[dict[str, Any]]) -> list[Bar]:
    """The estimated wait's longest day count per row that has an
    estimate; beyond the horizon, its least, written "≥"."""
    bars = []
    for row in rows:
        wait = row["wait"]
        if not wait:
            continue
        if wait.get("beyond_horizon") or wait.get("max") is None:
            bars.append(Bar(row["label"], wait["min"], f"≥{wait['min']}"))
        else:
            bars.append(Bar(row["label"], wait["max"]))
    return bars
