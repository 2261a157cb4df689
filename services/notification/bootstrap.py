"""Builds the notification service's app with every dependency from its settings.

The consumer only records deliveries (in the unit of work); the dispatcher,
started here beside it, sends them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from datetime import timedelta

import aiohttp
from aiohttp import web
from pymongo.asynchronous.database import AsyncDatabase

from services.notification.adapters.catalogue import GettextCatalogue
from services.notification.adapters.channels.email import SmtpMailer
from services.notification.adapters.channels.sms import HttpSmsGateway
from services.notification.adapters.channels.webhook import WebhookSender
from services.notification.adapters.repositories import INDEXES, MongoWebhooks
from services.notification.domain.channels import Channel
from services.notification.domain.model import EMAIL, SMS, WEBHOOK
from services.notification.domain.schedule import Backoff, Clock, utc_now
from services.notification.entrypoints.routes import setup_routes
from services.notification.entrypoints.views import VIEW_DEPS, ViewDeps
from services.notification.service_layer.dispatcher import Dispatcher, DispatchPolicy
from services.notification.service_layer.handlers import Context, bind
from services.notification.service_layer.webhooks import registration_lookup
from services.notification.settings import NotificationSettings
from shared.http import REGISTRY, create_app
from shared.messaging import EventHandler
from shared.mongo import Document
from shared.runtime import PLATFORM, Platform, platform_context

DISPATCHER = web.AppKey("dispatcher", Dispatcher)


class Wakeup:
    """Lets the consumer, started before the dispatcher, wake it."""

    def __init__(self) -> None:
        self.target: Callable[[], None] = lambda: None

    def __call__(self) -> None:
        self.target()


def enabled_channels(settings: NotificationSettings) -> frozenset[str]:
    enabled = {WEBHOOK}
    enabled |= {SMS} if settings.sms_gateway_url else set()
    enabled |= {EMAIL} if settings.smtp_host else set()
    return frozenset(enabled)


def build_channels(
    settings: NotificationSettings,
    session: aiohttp.ClientSession,
    db: AsyncDatabase[Document],
) -> dict[str, Channel]:
    channels: dict[str, Channel] = {
        WEBHOOK: WebhookSender(
            session,
            registration_lookup(MongoWebhooks(db)),
            timeout_s=settings.webhook_timeout_s,
        )
    }
    if settings.sms_gateway_url:
        channels[SMS] = HttpSmsGateway(
            session,
            settings.sms_gateway_url,
            payload_template=settings.sms_payload_template,
            sender=settings.sender_name,
            username=settings.sms_gateway_username,
            password=settings.sms_gateway_password,
            token=settings.sms_gateway_token,
            timeout_s=settings.sms_timeout_s,
        )
    if settings.smtp_host:
        channels[EMAIL] = SmtpMailer(
            settings.smtp_host,
            settings.smtp_port,
            mail_from=settings.mail_from,
            username=settings.smtp_username,
            password=settings.smtp_password,
            use_tls=settings.smtp_tls,
            start_tls=settings.smtp_starttls,
            timeout_s=settings.smtp_timeout_s,
        )
    return channels


def dispatch_policy(settings: NotificationSettings) -> DispatchPolicy:
    return DispatchPolicy(
        max_attempts=settings.delivery_max_attempts,
        backoff=Backoff(
            settings.delivery_backoff_base_s, settings.delivery_backoff_max_s
        ),
        lease=timedelta(seconds=settings.delivery_lease_s),
        quiet_hours=settings.quiet_hours_window(),
        interval_s=settings.dispatch_interval_s,
        concurrency=settings.dispatch_concurrency,
    )


def _dispatcher_context(
    settings: NotificationSettings, clock: Clock, wakeup: Wakeup
) -> Callable[[web.Application], AsyncIterator[None]]:
    async def context(app: web.Application) -> AsyncIterator[None]:
        platform = app[PLATFORM]
        async with aiohttp.ClientSession() as session:
            channels = build_channels(settings, session, platform.db)
            dispatcher = Dispatcher(
                platform.uow, channels, dispatch_policy(settings), clock
            )
            app[DISPATCHER] = dispatcher
            wakeup.target = dispatcher.wake
            dispatcher.start()
            yield
            await dispatcher.stop()

    return context


def init_app(
    settings: NotificationSettings, *, clock: Clock = utc_now
) -> web.Application:
    app = create_app(settings)
    catalogue = GettextCatalogue()
    wakeup = Wakeup()

    def handlers_for(platform: Platform) -> Mapping[str, EventHandler]:
        return bind(
            Context(
                uow=platform.uow,
                catalogue=catalogue,
                clock=clock,
                quiet_hours=settings.quiet_hours_window(),
                channels=enabled_channels(settings),
                status_page_url=settings.status_page_url,
                sender=settings.sender_name,
                wake_dispatcher=wakeup,
            )
        )

    app.cleanup_ctx.append(platform_context(INDEXES, handlers_for))
    app.cleanup_ctx.append(_dispatcher_context(settings, clock, wakeup))
    app[VIEW_DEPS] = ViewDeps(
        clock=clock,
        registry=app[REGISTRY],
        require_https=settings.webhook_require_https,
    )
    setup_routes(app)
    return app
