"""Admins: a queue's hash-chained log, with the chain verified end to end.
Each record shows its note beside it (outside the hashed record: a note can
be erased, a record cannot)."""

from __future__ import annotations

from aiohttp import web

from services.queue.waiting_list.entrypoints.keys import LOG_PAGE_MAX, WAITING_LIST
from services.queue.waiting_list.entrypoints.schemas import LogQuery
from shared.http import ApiError, load_query, require_principal

QUERY = LogQuery()


async def queue_log_view(request: web.Request) -> web.Response:
    require_principal(request, "admin")
    query = load_query(request, QUERY)
    reader = request.app[WAITING_LIST].uow.reader()
    queue_id = request.match_info["queue_id"]
    queue_log = reader.queue_log
    queue = await queue_log.head(queue_id)
    if queue is None:
        raise ApiError(404, "not_found", "No such queue.")
    limit = min(query["limit"], request.app[LOG_PAGE_MAX])
    verification = await queue_log.verify(queue_id, queue.head_hash, queue.n)
    records = await queue_log.records(queue_id, query["after"], limit)
    noted = await reader.notes.of_log_records(queue_id, [r.n for r in records])
    return web.json_response(
        {
            "queue_id": queue_id,
            "length": queue.n,
            "head_hash": queue.head_hash,
            "verification": {
                "intact": verification.intact,
                "checked": verification.checked,
                "first_broken": verification.first_broken,
                "problem": verification.problem,
            },
            "records": [
                {
                    "n": r.n,
                    "prev_hash": r.prev_hash,
                    "hash": r.hash,
                    "record": r.record,
                    "note": noted.get(r.n),
                }
                for r in records
            ],
        },
        headers={"Cache-Control": "no-store"},
    )
