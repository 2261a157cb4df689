"""Typed keys for what the hospital side keeps on the queue service's app."""

from __future__ import annotations

from aiohttp import web

from services.queue.hospital.service_layer.dependencies import Hospital

HOSPITAL = web.AppKey("hospital", Hospital)
