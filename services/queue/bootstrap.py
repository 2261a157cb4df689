"""Builds the queue service's app with every dependency from its settings."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable

from aiohttp import web
from pymongo.asynchronous.database import AsyncDatabase

from services.queue.guarantee.entrypoints.keys import GUARANTEES
from services.queue.guarantee.entrypoints.routes import setup_guarantee_routes
from services.queue.guarantee.service_layer import handlers as guarantee_handlers
from services.queue.guarantee.service_layer.dependencies import (
    Guarantees,
    guarantees_of,
)
from services.queue.guarantee.service_layer.sweep import guarantee_loop
from services.queue.hospital.entrypoints.keys import HOSPITAL
from services.queue.hospital.entrypoints.routes import setup_hospital_routes
from services.queue.hospital.service_layer import handlers as hospital_handlers
from services.queue.hospital.service_layer.dependencies import Hospital
from services.queue.messagebus import MessageBus, bound
from services.queue.patients.adapters.memory_limits import MemoryLookupLimits
from services.queue.patients.adapters.mongo_limits import MongoLookupLimits
from services.queue.patients.entrypoints.client_address import ClientAddresses
from services.queue.patients.entrypoints.keys import CLIENTS, GATE, LIMITS, PATIENTS
from services.queue.patients.entrypoints.routes import setup_patient_routes
from services.queue.patients.service_layer import handlers as patients_handlers
from services.queue.patients.service_layer.dependencies import Patients
from services.queue.patients.service_layer.hospital_cards import HospitalCards
from services.queue.patients.service_layer.patient_gate import Afterwards, PatientGate
from services.queue.patients.service_layer.ports import (
    LookupLimits,
    LookupPolicy,
    Seconds,
)
from services.queue.patients.status_page.catalogues import PAGE_TEXTS, PageTexts
from services.queue.settings import QueueSettings
from services.queue.waiting_list.adapters.book_feed import BookFeed
from services.queue.waiting_list.adapters.collections import INDEXES
from services.queue.waiting_list.adapters.mongo_queue_change import mongo_queue_change
from services.queue.waiting_list.domain.pace import Pace
from services.queue.waiting_list.entrypoints.consumers import consumer_handlers
from services.queue.waiting_list.entrypoints.keys import BUS, LOG_PAGE_MAX, WAITING_LIST
from services.queue.waiting_list.entrypoints.routes import setup_log_routes
from services.queue.waiting_list.service_layer import handlers as waiting_list_handlers
from services.queue.waiting_list.service_layer.book import LiveBook
from services.queue.waiting_list.service_layer.calendar import Calendar
from services.queue.waiting_list.service_layer.changes import EntryChanges
from services.queue.waiting_list.service_layer.dependencies import (
    ExpiryRules,
    WaitingList,
)
from services.queue.waiting_list.service_layer.expiry import expiry_loop
from services.queue.waiting_list.service_layer.unit_of_work import QueueChange
from services.queue.waiting_list.service_layer.writer import WriterRules
from shared.background import stop_task
from shared.clock import Clock, utc_now
from shared.http import (
    READINESS_CHECKS,
    REGISTRY,
    OpenApi,
    create_app,
    finish_routes,
)
from shared.http.app import ReadinessCheck
from shared.iin import IinDigester
from shared.mongo import Document
from shared.reference.registry import Registry
from shared.runtime import (
    PLATFORM,
    bounded,
    platform_context,
    start_consumer,
    stop_consuming,
)
from shared.unit_of_work import UnitOfWork

FEED = web.AppKey("queue_book_feed", BookFeed)


def waiting_list_of(
    settings: QueueSettings,
    uow: UnitOfWork[QueueChange],
    book: LiveBook,
    clock: Clock = utc_now,
) -> WaitingList:
    calendar = Calendar(settings.timezone, clock)
    pace = Pace(settings.estimate_window_days, settings.estimate_min_admissions)
    rules = WriterRules(settings.index_wait_s, settings.milestones)
    expiry = ExpiryRules(
        warning_days=settings.expiry_warning_days,
        reinstate_days=settings.reinstate_days,
        retention_days=settings.lookup_retention_days,
        window_days=settings.estimate_window_days,
        interval_s=settings.expiry_interval_s,
    )
    changes = EntryChanges(uow, book, calendar, pace, rules)
    return WaitingList(
        changes,
        uow,
        book,
        calendar,
        pace,
        expiry,
        settings.digest_key,
    )


def patients_of(
    waiting_list: WaitingList, registry: Registry, guarantees: Guarantees | None = None
) -> Patients:
    key = waiting_list.digest_key
    return Patients(
        waiting_list.changes,
        waiting_list.uow,
        waiting_list.book,
        waiting_list.calendar,
        waiting_list.pace,
        registry,
        HospitalCards(registry),
        IinDigester(key),
        key,
        waiting_list.expiry,
        guarantees,
    )


def hospital_of(waiting_list: WaitingList, registry: Registry) -> Hospital:
    return Hospital(
        waiting_list,
        waiting_list.changes,
        waiting_list.book,
        waiting_list.calendar,
        registry,
        waiting_list.digest_key,
    )


def message_bus(
    waiting_list: WaitingList,
    patients: Patients,
    hospital: Hospital,
    guarantees: Guarantees,
) -> MessageBus:
    """Every room's two maps, each handler with its room's dependencies."""
    return MessageBus(
        {
            **bound(waiting_list_handlers.COMMAND_HANDLERS, waiting_list),
            **bound(patients_handlers.COMMAND_HANDLERS, patients),
            **bound(hospital_handlers.COMMAND_HANDLERS, hospital),
            **bound(guarantee_handlers.COMMAND_HANDLERS, guarantees),
        },
        {
            **bound(waiting_list_handlers.EVENT_HANDLERS, waiting_list),
            **bound(patients_handlers.EVENT_HANDLERS, patients),
            **bound(hospital_handlers.EVENT_HANDLERS, hospital),
            **bound(guarantee_handlers.EVENT_HANDLERS, guarantees),
        },
    )


def queue_context(
    settings: QueueSettings, clock: Clock
) -> Callable[[web.Application], AsyncIterator[None]]:
    """Rebuild the book, follow the change stream, then start consuming
    events and the expiry job (in that order: the book must be whole first)."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        platform, registry = app[PLATFORM], app[REGISTRY]
        book = LiveBook(settings.timezone, settings.movement_history)
        feed = BookFeed(
            platform.db,
            book,
            retention_days=settings.lookup_retention_days,
            clock=clock,
        )
        await feed.start()
        queue_uow = platform.uow.with_change(mongo_queue_change)
        waiting_list = waiting_list_of(settings, queue_uow, book, clock)
        guarantees = guarantees_of(waiting_list, registry, settings)
        patients = patients_of(waiting_list, registry, guarantees)
        hospital = hospital_of(waiting_list, registry)
        bus = message_bus(waiting_list, patients, hospital, guarantees)
        app[WAITING_LIST], app[FEED], app[BUS] = waiting_list, feed, bus
        app[PATIENTS], app[HOSPITAL], app[GUARANTEES] = patients, hospital, guarantees
        app[LIMITS] = limits = lookup_limits(settings, platform.db, seconds_of(clock))
        afterwards = Afterwards(bus)
        app[GATE] = PatientGate(patients, limits, afterwards)
        app[READINESS_CHECKS]["queue_book"] = _book_check(feed)
        await start_consumer(platform, consumer_handlers(bus))
        job = asyncio.create_task(expiry_loop(waiting_list), name="queue-expiry-job")
        sweep = asyncio.create_task(guarantee_loop(guarantees), name="wait-guarantee")
        yield
        await stop_task(sweep)
        await stop_task(job)
        await bounded(afterwards.settle(), "lookup notices")
        await stop_consuming(platform)
        await bounded(feed.stop(), "queue book feed")

    return context


def seconds_of(clock: Clock) -> Seconds:
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


def init_app(settings: QueueSettings, clock: Clock = utc_now) -> web.Application:
    app = create_app(settings)
    app[CLIENTS] = ClientAddresses(settings.trusted_networks)
    app[PAGE_TEXTS] = PageTexts.of(settings)
    app.cleanup_ctx.append(platform_context(INDEXES))
    app[LOG_PAGE_MAX] = settings.log_page_max
    app.cleanup_ctx.append(queue_context(settings, clock))
    api = OpenApi(
        "Kezek queue service",
        "1.0.0",
        "The Hospitalization Bureau: fair queues, positions, estimates.",
    )
    setup_patient_routes(app, api)
    setup_log_routes(app, api)
    setup_hospital_routes(app, api)
    setup_guarantee_routes(app, api)
    api.setup(app)
    finish_routes(app)
    return app
