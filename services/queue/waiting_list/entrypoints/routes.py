"""The waiting list's own route: a queue's signed log, for admins."""

from __future__ import annotations

from aiohttp import web

from services.queue.waiting_list.entrypoints import admin
from services.queue.waiting_list.entrypoints.schemas import LogQuery, QueueLogAnswer
from shared.http import OpenApi


def setup_log_routes(app: web.Application, api: OpenApi) -> None:
    api.route(
        app,
        "GET",
        "/v1/queues/{queue_id}/log",
        admin.queue_log_view,
        summary="A queue's hash-chained log and whether the chain is intact",
        query=LogQuery,
        responses={200: QueueLogAnswer},
        errors=(404,),
        roles=("admin",),
    )
