"""Typed keys for what the waiting list keeps on the queue service's app,
and its message bus (every room's entrypoints send commands to it)."""

from __future__ import annotations

from aiohttp import web

from services.queue.messagebus import MessageBus
from services.queue.waiting_list.service_layer.dependencies import WaitingList

WAITING_LIST = web.AppKey("waiting_list", WaitingList)
BUS = web.AppKey("queue_message_bus", MessageBus)
LOG_PAGE_MAX = web.AppKey("queue_log_page_max", int)
