"""A clerk's reschedule or reject of one queue entry on a page of its own:
opened from a link (``GET``), or shown again when the queue refuses the
admissions list's inline form for its fields, with what the clerk typed,
each field's message beside it and the API's message at the top."""

from __future__ import annotations

from aiohttp import web

from services.console.apis import ApiRefused
from services.console.entrypoints.guard import page_context, signed_in
from services.console.entrypoints.signing_in import safe_next
from services.console.labels import CLERK_REASONS
from services.console.pages import render

FORM_FIELDS = {
    "reject": ("reason_code", "note"),
    "reschedule": ("date", "reason_code", "override_reason_code", "note"),
}
"""The entry actions with a page of their own, and the fields it shows."""


@signed_in("hospital")
async def entry_form(request: web.Request) -> web.StreamResponse:
    entry_id, action = request.match_info["entry_id"], request.match_info["action"]
    if action not in FORM_FIELDS:
        return render(request, "no_page.html", page_context(request), status=404)
    back = safe_next(request.query.get("back")) or "/admissions"
    return refused_form(request, entry_id, action, back, {}, None)


def refused_form(
    request: web.Request,
    entry_id: str,
    action: str,
    back: str,
    typed: dict[str, str],
    refused: ApiRefused | None,
) -> web.Response:
    """The action's page; with ``refused``, its status and messages."""
    problems = refused.fields if refused else {}
    placed = FORM_FIELDS[action]
    context = {
        **page_context(request),
        "entry_id": entry_id,
        "action": action,
        "back": back,
        "typed": typed,
        "refusal": refused,
        "problems": problems,
        "unplaced": refused.unplaced(placed) if refused else [],
        "reasons": CLERK_REASONS,
    }
    status = refused.status if refused else 200
    return render(request, "entry_action.html", context, status=status)
