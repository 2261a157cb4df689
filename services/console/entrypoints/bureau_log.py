"""The bureau's check of a queue's signed log: a queue is a hospital and a
bed profile; the queue service verifies the whole hash chain and the page
says whether it is intact, with the latest records."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from services.console.apis import ApiRefused, Caller
from services.console.bureau_apis import BureauApis
from services.console.entrypoints.bureau_filters import choices, chosen
from services.console.entrypoints.guard import caller, page_context, signed_in
from services.console.entrypoints.keys import BUREAU_APIS
from services.console.labels import STATUSES
from services.console.pages import render
from shared.http import REGISTRY

LATEST = 20
"""How many of the latest records the page shows."""


def queue_id(facility_id: str, bed_profile: str) -> str:
    """The queue service's name of a queue, e.g. ``KZ-75-M01:psychiatry``."""
    return f"{facility_id}:{bed_profile}"


@signed_in("admin")
async def queue_log(request: web.Request) -> web.StreamResponse:
    registry = request.app[REGISTRY]
    facility_id = chosen(request, "facility_id", registry.facilities)
    bed_profile = chosen(request, "bed_profile", registry.bed_profiles)
    refusal: ApiRefused | None = None
    log: dict[str, Any] | None = None
    if facility_id and bed_profile:
        try:
            log = await latest_records(
                request.app[BUREAU_APIS],
                caller(request),
                queue_id(facility_id, bed_profile),
            )
        except ApiRefused as refused:
            refusal = refused
    context = {
        **page_context(request),
        **choices(request),
        "facility_id": facility_id,
        "bed_profile": bed_profile,
        "log": log,
        "refusal": refusal,
        "statuses": STATUSES,
    }
    status = refusal.status if refusal else 200
    return render(request, "bureau_log.html", context, status=status)


async def latest_records(apis: BureauApis, asker: Caller, queue: str) -> dict[str, Any]:
    """The log's verification and its ``LATEST`` last records, newest
    first (the first page says the log's length)."""
    first = await apis.queue_log(asker, queue, 0, LATEST)
    length = int(first.get("length", 0))
    page = first
    if length > LATEST:
        page = await apis.queue_log(asker, queue, length - LATEST, LATEST)
    records = sorted(page.get("records", []), key=lambda r: -int(r.get("n", 0)))
    return {**page, "records": records}
