"""Admins: a queue's hash-chained log, with the chain verified end to end
and each record's note beside it."""

from __future__ import annotations

from aiohttp import web

from services.queue.waiting_list.entrypoints.keys import LOG_PAGE_MAX, WAITING_LIST
from services.queue.waiting_list.entrypoints.schemas import LogQuery
from services.queue.waiting_list.service_layer.views import queue_log_page
from shared.http import ApiError, load_query, require_principal

QUERY = LogQuery()


async def queue_log_view(request: web.Request) -> web.Response:
    await require_principal(request, "admin")
    query = load_query(request, QUERY)
    limit = min(query["limit"], request.app[LOG_PAGE_MAX])
    page = await queue_log_page(
        request.app[WAITING_LIST].uow,
        request.match_info["queue_id"],
        query["after"],
        limit,
    )
    if page is None:
        raise ApiError(404, "not_found", "No such queue.")
    return web.json_response(page, headers={"Cache-Control": "no-store"})
