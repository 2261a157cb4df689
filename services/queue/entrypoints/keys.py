"""Typed keys for what the queue service keeps on its aiohttp app."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from services.queue.entrypoints.rate_limit import TokenBuckets
from services.queue.service_layer.bureau import Bureau
from services.queue.settings import QueueSettings


@dataclass
class LookupLimits:
    by_client: TokenBuckets
    by_code: TokenBuckets

    @classmethod
    def from_settings(cls, settings: QueueSettings) -> LookupLimits:
        return cls(
            by_client=TokenBuckets(
                settings.lookup_ip_per_minute / 60,
                settings.lookup_ip_burst,
                settings.rate_limit_keys,
            ),
            by_code=TokenBuckets(
                settings.lookup_code_per_hour / 3600,
                settings.lookup_code_burst,
                settings.rate_limit_keys,
            ),
        )


BUREAU = web.AppKey("bureau", Bureau)
LIMITS = web.AppKey("lookup_limits", LookupLimits)
