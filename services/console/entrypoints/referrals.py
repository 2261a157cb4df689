"""The doctor's referrals: the facility's list (or only the doctor's own)
with a status filter, each waiting one with its place in the queue, and a
search by hospitalization code or IIN (posted, so neither is in a URL)."""

from __future__ import annotations

from aiohttp import web

from services.console.apis import ApiRefused, ApiUnavailable, Json, ReferralQuery
from services.console.entrypoints.guard import caller, page_context, signed_in
from services.console.entrypoints.keys import APIS
from services.console.labels import STATUSES
from services.console.pages import render

IIN_LENGTH = 12
MAX_POSITIONS = 50
"""The queue answers the places of at most this many referrals at once."""


def _page_number(raw: str) -> int:
    return int(raw) if raw.isdigit() and 0 < int(raw) <= 10_000 else 1


def _status(raw: object) -> str:
    return raw if isinstance(raw, str) and raw in STATUSES else ""


@signed_in("doctor")
async def referral_list(request: web.Request) -> web.StreamResponse:
    query = ReferralQuery(
        status=_status(request.query.get("status")),
        page=_page_number(request.query.get("page", "")),
        mine=request.query.get("mine") == "true",
    )
    return await _listed(request, query, searched="")


@signed_in("doctor")
async def search(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    typed = str(form.get("query", "")).strip()
    if not typed:
        return await _listed(request, ReferralQuery(), searched="", empty=True)
    digits = typed.replace(" ", "")
    query = (
        ReferralQuery(iin=digits, status=_status(form.get("status")))
        if digits.isdigit() and len(digits) == IIN_LENGTH
        else ReferralQuery(code=typed, status=_status(form.get("status")))
    )
    return await _listed(request, query, searched=typed)


async def _listed(
    request: web.Request, query: ReferralQuery, *, searched: str, empty: bool = False
) -> web.Response:
    refusal: ApiRefused | None = None
    found: Json = {"items": [], "has_more": False}
    if not empty:
        try:
            found = await request.app[APIS].referrals(caller(request), query)
        except ApiRefused as refused:
            refusal = refused
    context = {
        **page_context(request),
        "referrals": found,
        "query": query,
        "searched": searched,
        "empty_search": empty,
        "refusal": refusal,
        "statuses": STATUSES,
        "positions": await _positions(request, found["items"]),
    }
    status = refusal.status if refusal and refusal.status != 404 else 200
    return render(request, "referrals.html", context, status=status)


async def _positions(request: web.Request, items: list[Json]) -> dict[str, Json]:
    """The queue's place of each waiting referral of the page, by its id;
    none when the queue does not answer (the list shows without them)."""
    waiting = [item["id"] for item in items if item.get("status") == "waiting"]
    if not waiting:
        return {}
    try:
        found = await request.app[APIS].positions(
            caller(request), waiting[:MAX_POSITIONS]
        )
    except (ApiUnavailable, ApiRefused):
        return {}
    return {item["referral_id"]: item for item in found.get("items", [])}
