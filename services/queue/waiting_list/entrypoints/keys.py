"""Typed keys for what the waiting list keeps on the queue service's app."""

from __future__ import annotations

from aiohttp import web

from services.queue.waiting_list.service_layer.bureau import Bureau

BUREAU = web.AppKey("bureau", Bureau)
