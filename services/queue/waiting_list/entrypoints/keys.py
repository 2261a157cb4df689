"""Typed keys for what the waiting list keeps on the queue service's app."""

from __future__ import annotations

from aiohttp import web

from services.queue.waiting_list.service_layer.dependencies import WaitingList

WAITING_LIST = web.AppKey("waiting_list", WaitingList)
LOG_PAGE_MAX = web.AppKey("queue_log_page_max", int)
