"""The bureau's maximum-wait list: the waiting entries at risk of passing,
or past, their bed profile's maximum wait, with the counts per queue,
filtered by region, bed profile, hospital and flag. The API answers no IIN
and no name, and the page shows none."""

from __future__ import annotations

from urllib.parse import urlencode

from aiohttp import web

from services.console.apis import ApiRefused
from services.console.bureau_apis import PAGE_SIZE, GuaranteeQuery
from services.console.bureau_labels import FLAGGED, FLAGS
from services.console.entrypoints.bureau_filters import choices, chosen, page_number
from services.console.entrypoints.guard import caller, page_context, signed_in
from services.console.entrypoints.keys import BUREAU_APIS
from services.console.pages import render
from shared.http import REGISTRY

PAGING = ("offset", "limit")


@signed_in("admin")
async def wait_guarantee(request: web.Request) -> web.StreamResponse:
    registry = request.app[REGISTRY]
    query = GuaranteeQuery(
        region=chosen(request, "region", registry.regions),
        bed_profile=chosen(request, "bed_profile", registry.bed_profiles),
        facility_id=chosen(request, "facility_id", registry.facilities),
        flag=chosen(request, "flag", FLAGGED),
        page=page_number(request),
    )
    refusal: ApiRefused | None = None
    found: dict[str, object] = {"entries": [], "queues": [], "total": 0}
    try:
        found = await request.app[BUREAU_APIS].wait_guarantee(caller(request), query)
    except ApiRefused as refused:
        refusal = refused
    total = found.get("total", 0)
    context = {
        **page_context(request),
        **choices(request),
        "query": query,
        "found": found,
        "refusal": refusal,
        "flags": FLAGS,
        "flagged": FLAGGED,
        "has_more": isinstance(total, int) and query.page * PAGE_SIZE < total,
        "filters": urlencode(
            {k: v for k, v in query.listing().items() if k not in PAGING}
        ),
    }
    status = refusal.status if refusal else 200
    return render(request, "bureau_guarantee.html", context, status=status)
