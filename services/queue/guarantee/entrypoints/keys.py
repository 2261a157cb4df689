"""Typed key for what the guarantee keeps on the queue service's app."""

from __future__ import annotations

from aiohttp import web

from services.queue.guarantee.service_layer.dependencies import Guarantees

GUARANTEES = web.AppKey("wait_guarantees", Guarantees)
