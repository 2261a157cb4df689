"""The infrastructure a service stands on, opened and closed with its app.

    app = create_app(settings)
    app.cleanup_ctx.append(platform_context(indexes, handlers_for))

gives ``app[PLATFORM]``: the Mongo client and database, the publisher, the
outbox relay, a unit of work, and (when ``handlers_for`` returns handlers) a
consumer of this service's queue. ``/readyz`` checks Mongo and RabbitMQ.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TypeVar

from aio_pika.exceptions import ProbableAuthenticationError
from aiohttp import web
from pymongo import AsyncMongoClient, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

from shared.http.app import READINESS_CHECKS, SETTINGS
from shared.logging import configure_logging, get_logger
from shared.messaging import Consumer, EventHandler, Publisher, Topology
from shared.mongo import Document, connect, ensure_indexes, ping, store_unavailable
from shared.mongo_unit_of_work import PLATFORM_INDEXES, MongoChange, MongoUnitOfWork
from shared.outbox import OutboxRelay
from shared.settings import ServiceSettings, SettingsError

log = get_logger(__name__)
S = TypeVar("S", bound=ServiceSettings)
T = TypeVar("T")
CLOSE_TIMEOUT_S = 5.0
FIRST_RETRY_S = 1.0
LAST_RETRY_S = 10.0


@dataclass
class Platform:
    settings: ServiceSettings
    client: AsyncMongoClient[Document]
    db: AsyncDatabase[Document]
    publisher: Publisher
    relay: OutboxRelay
    uow: MongoUnitOfWork[MongoChange]
    topology: Topology
    consumer: Consumer | None = None
    extras: dict[str, object] = field(default_factory=dict)


PLATFORM = web.AppKey("platform", Platform)
HandlersFactory = Callable[[Platform], Mapping[str, EventHandler]]


def topology_for(settings: ServiceSettings) -> Topology:
    return Topology(
        namespace=settings.kezek_namespace,
        service=settings.service_name,
        retry_delays_ms=settings.retry_delays_ms,
    )


def broker_unavailable(exc: Exception) -> bool:
    """RabbitMQ refused the connection or did not answer in time (bad
    credentials are a configuration error, not an outage)."""
    return isinstance(exc, OSError) and not isinstance(exc, ProbableAuthenticationError)


async def when_available(
    part: str,
    attempt: Callable[[], Awaitable[T]],
    unavailable: Callable[[Exception], bool],
) -> T:
    """Run ``attempt`` until ``part`` ("store", "broker") answers: while it
    is unavailable, log one ``<part>_unavailable`` line and try again after
    a growing delay, for as long as it takes (the HTTP server is not up
    meanwhile, so a readiness probe says not ready)."""
    delay = FIRST_RETRY_S
    while True:
        try:
            return await attempt()
        except Exception as exc:
            if not unavailable(exc):
                raise
            log.warning(
                f"{part}_unavailable",
                retry_in_s=delay,
                error=f"{type(exc).__name__}: {str(exc)[:200]}",
            )
        await asyncio.sleep(delay)
        delay = min(delay * 2, LAST_RETRY_S)


async def open_platform(
    settings: ServiceSettings, indexes: Mapping[str, Sequence[IndexModel]]
) -> Platform:
    """The platform once the store and the broker answer (waiting for them)."""
    client = connect(settings.mongo_url)
    db = client[settings.database_name]
    await when_available(
        "store",
        lambda: ensure_indexes(db, {**PLATFORM_INDEXES, **indexes}),
        store_unavailable,
    )
    topology = topology_for(settings)
    publisher = Publisher(settings.amqp_url, topology, settings.publish_timeout_s)
    await when_available("broker", publisher.connect, broker_unavailable)
    retention = timedelta(days=settings.message_retention_days)
    relay = OutboxRelay(db, publisher, settings.outbox_sweep_s, retention=retention)
    return Platform(
        settings=settings,
        client=client,
        db=db,
        publisher=publisher,
        relay=relay,
        uow=MongoUnitOfWork(
            client,
            db,
            MongoChange,
            relay,
            retention,
            timeout_s=settings.store_timeout_s,
        ),
        topology=topology,
    )


async def start_consumer(
    platform: Platform, handlers: Mapping[str, EventHandler]
) -> None:
    settings = platform.settings
    platform.consumer = Consumer(
        settings.amqp_url,
        platform.topology,
        handlers,
        max_attempts=settings.max_attempts,
        publish_timeout_s=settings.publish_timeout_s,
        prefetch=settings.prefetch,
        outage=store_unavailable,
    )
    await when_available("broker", platform.consumer.start, broker_unavailable)


async def close_platform(platform: Platform) -> None:
    await platform.relay.stop()
    if platform.consumer is not None:
        await bounded(platform.consumer.close(), "consumer")
    await bounded(platform.publisher.close(), "publisher")
    await platform.client.close()


async def stop_consuming(platform: Platform) -> None:
    """Stop taking messages (before the state the handlers need goes away)."""
    if platform.consumer is not None:
        await bounded(platform.consumer.close(), "consumer")
        platform.consumer = None


async def bounded(closing: Awaitable[None], what: str) -> None:
    """Closing an AMQP connection can hang when a shutdown was interrupted
    half-way (aio-pika waits for a close callback that was cancelled); never
    let that keep the process from exiting."""
    try:
        await asyncio.wait_for(closing, CLOSE_TIMEOUT_S)
    except TimeoutError:
        log.warning("close_timed_out", part=what, seconds=CLOSE_TIMEOUT_S)


def platform_context(
    indexes: Mapping[str, Sequence[IndexModel]],
    handlers_for: HandlersFactory | None = None,
) -> Callable[[web.Application], AsyncIterator[None]]:
    async def context(app: web.Application) -> AsyncIterator[None]:
        platform = await open_platform(app[SETTINGS], indexes)
        app[PLATFORM] = platform
        platform.relay.start()
        platform.relay.wake()
        if handlers_for is not None:
            await start_consumer(platform, handlers_for(platform))
        app[READINESS_CHECKS]["mongo"] = lambda: ping(platform.client)
        app[READINESS_CHECKS]["rabbitmq"] = _broker_check(platform)
        log.info("service_started", service=platform.settings.service_name)
        yield
        await close_platform(platform)

    return context


def _broker_check(platform: Platform) -> Callable[[], Awaitable[None]]:
    async def check() -> None:
        if not platform.publisher.is_connected:
            raise ConnectionError("publisher not connected")
        if platform.consumer is not None and not platform.consumer.is_connected:
            raise ConnectionError("consumer not connected")

    return check


def serve(settings_class: type[S], init_app: Callable[[S], web.Application]) -> None:
    """``python -m services.<name>``: settings from the environment, logging,
    then the app until SIGINT or SIGTERM (aiohttp shuts it down cleanly).
    Anything else that ends it (a setting that cannot be used, a port in use,
    any error) is logged as one JSON line and the process exits with 1."""
    configure_logging(settings_class.service_name)
    try:
        settings = settings_class.from_env()
        configure_logging(settings.service_name, settings.log_level)
        web.run_app(
            init_app(settings),
            host=settings.http_host,
            port=settings.http_port,
            print=None,
            access_log=None,
        )
    except SettingsError as exc:
        log.error("service_crashed", error=f"{type(exc).__name__}: {exc}")
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - logged as JSON instead of printed
        log.exception("service_crashed", error=f"{type(exc).__name__}: {exc}")
        sys.exit(1)
