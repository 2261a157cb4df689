"""Builds the queue service's app with every dependency from its settings."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from datetime import datetime

from aiohttp import web
from pymongo.asynchronous.database import AsyncDatabase

from services.queue.hospital.entrypoints.routes import setup_hospital_routes
from services.queue.patients.adapters.memory_limits import MemoryLookupLimits
from services.queue.patients.adapters.mongo_limits import MongoLookupLimits
from services.queue.patients.entrypoints.client_address import ClientAddresses
from services.queue.patients.entrypoints.keys import CLIENTS, GATE, LIMITS
from services.queue.patients.entrypoints.routes import setup_patient_routes
from services.queue.patients.service_layer.lookup_limits import (
    LookupLimits,
    LookupPolicy,
    Seconds,
)
from services.queue.patients.service_layer.patient_gate import Afterwards, PatientGate
from services.queue.settings import QueueSettings
from services.queue.waiting_list.adapters.book_feed import BookFeed
from services.queue.waiting_list.adapters.collections import INDEXES
from services.queue.waiting_list.entrypoints.consumers import consumer_handlers
from services.queue.waiting_list.entrypoints.keys import BUREAU
from services.queue.waiting_list.entrypoints.routes import setup_log_routes
from services.queue.waiting_list.service_layer.book import LiveBook
from services.queue.waiting_list.service_layer.bureau import Bureau, utc_now
from services.queue.waiting_list.service_layer.expiry import expiry_loop
from shared.background import stop_task
from shared.http import (
    READINESS_CHECKS,
    REGISTRY,
    OpenApi,
    create_app,
    finish_routes,
)
from shared.http.app import ReadinessCheck
from shared.mongo import Document
from shared.runtime import (
    PLATFORM,
    bounded,
    platform_context,
    start_consumer,
    stop_consuming,
)

FEED = web.AppKey("queue_book_feed", BookFeed)


def bureau_context(
    settings: QueueSettings, clock: Callable[[], datetime]
) -> Callable[[web.Application], AsyncIterator[None]]:
    """Rebuild the book, follow the change stream, then start consuming
    events and the expiry job (in that order: the book must be whole first)."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        platform = app[PLATFORM]
        book = LiveBook(settings.timezone, settings.movement_history)
        registry = app[REGISTRY]
        bureau = Bureau(settings, platform.db, platform.uow, book, registry, clock)
        feed = BookFeed(
            platform.db, book, retention_days=settings.lookup_retention_days
        )
        await feed.start()
        app[BUREAU] = bureau
        app[FEED] = feed
        limits = lookup_limits(settings, platform.db, seconds_of(clock))
        afterwards = Afterwards(bureau)
        app[LIMITS] = limits
        app[GATE] = PatientGate(bureau, limits, afterwards)
        app[READINESS_CHECKS]["queue_book"] = _book_check(feed)
        await start_consumer(platform, consumer_handlers(bureau))
        job = asyncio.create_task(expiry_loop(bureau), name="queue-expiry-job")
        yield
        await stop_task(job)
        await bounded(afterwards.settle(), "lookup notices")
        await stop_consuming(platform)
        await bounded(feed.stop(), "queue book feed")

    return context


def seconds_of(clock: Callable[[], datetime]) -> Seconds:
    """The clock as epoch seconds (the real one read directly)."""
    if clock is utc_now:
        return time.time
    return lambda: clock().timestamp()


def lookup_limits(
    settings: QueueSettings, db: AsyncDatabase[Document], seconds: Seconds
) -> LookupLimits:
    policy = LookupPolicy.from_settings(settings)
    if settings.rate_limit_store == "mongo":
        return MongoLookupLimits(db, policy, settings.digest_key, seconds)
    return MemoryLookupLimits(
        policy, settings.digest_key, seconds, settings.rate_limit_keys
    )


def _book_check(feed: BookFeed) -> ReadinessCheck:
    async def check() -> None:
        if not feed.healthy:
            raise RuntimeError("queue book not following the change stream")

    return check


def init_app(
    settings: QueueSettings, clock: Callable[[], datetime] = utc_now
) -> web.Application:
    app = create_app(settings)
    app[CLIENTS] = ClientAddresses(settings.trusted_networks)
    app.cleanup_ctx.append(platform_context(INDEXES))
    app.cleanup_ctx.append(bureau_context(settings, clock))
    api = OpenApi(
        "Kezek queue service",
        "1.0.0",
        "The Hospitalization Bureau: fair queues, positions, estimates.",
    )
    setup_patient_routes(app, api)
    setup_log_routes(app, api)
    setup_hospital_routes(app, api)
    api.setup(app)
    finish_routes(app)
    return app
