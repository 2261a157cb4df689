"""Builds the notification service's app with every dependency from its settings.

The consumer hands events to the message bus, whose handlers only record
deliveries (in the unit of work); the dispatcher, started here beside it,
sends them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta

import aiohttp
from aiohttp import web

from services.notification.adapters.catalogue import GettextCatalogue
from services.notification.adapters.channels.email import SmtpMailer
from services.notification.adapters.channels.sms import HttpSmsGateway
from services.notification.adapters.channels.webhook import WebhookSender
from services.notification.adapters.mongo_repositories import INDEXES
from services.notification.adapters.mongo_unit_of_work import mongo_change
from services.notification.adapters.secret_box import SecretBox
from services.notification.adapters.webhook_hosts import (
    HostResolver,
    SystemResolver,
    WebhookAddresses,
    webhook_connector,
)
from services.notification.domain.channels import Channel
from services.notification.domain.model import EMAIL, SMS, WEBHOOK
from services.notification.domain.schedule import Backoff
from services.notification.domain.texts import Catalogue
from services.notification.domain.webhook_address import AddressPolicy
from services.notification.entrypoints.consumers import event_handlers
from services.notification.entrypoints.routes import setup_routes
from services.notification.entrypoints.views import BUS
from services.notification.service_layer.dependencies import Dependencies
from services.notification.service_layer.dispatcher import Dispatcher, DispatchPolicy
from services.notification.service_layer.messagebus import MessageBus
from services.notification.service_layer.unit_of_work import NotificationUnitOfWork
from services.notification.service_layer.webhooks import (
    registration_lookup,
    seal_plain_secrets,
)
from services.notification.settings import NotificationSettings
from shared.clock import Clock, utc_now
from shared.http import create_app
from shared.messaging import EventHandler
from shared.runtime import Platform, platform_context

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


@dataclass(frozen=True)
class WebhookParts:
    """What registering and sending webhooks share."""

    policy: AddressPolicy
    resolver: HostResolver
    box: SecretBox

    @classmethod
    def of(
        cls, settings: NotificationSettings, resolver: HostResolver | None
    ) -> WebhookParts:
        return cls(
            AddressPolicy(allow_local=settings.webhook_allow_local),
            resolver or SystemResolver(),
            SecretBox(settings.webhook_secret_key),
        )


@asynccontextmanager
async def open_channels(
    settings: NotificationSettings,
    uow: NotificationUnitOfWork,
    webhooks: WebhookParts | None = None,
) -> AsyncIterator[dict[str, Channel]]:
    """The enabled channels, each HTTP one on its own session: webhooks only
    through the connector that checks every address."""
    webhooks = webhooks or WebhookParts.of(settings, None)
    connector = webhook_connector(webhooks.policy, webhooks.resolver)
    async with (
        aiohttp.ClientSession() as session,
        aiohttp.ClientSession(connector=connector) as webhook_session,
    ):
        yield _channels(settings, session, webhook_session, uow, webhooks)


def _channels(
    settings: NotificationSettings,
    session: aiohttp.ClientSession,
    webhook_session: aiohttp.ClientSession,
    uow: NotificationUnitOfWork,
    webhooks: WebhookParts,
) -> dict[str, Channel]:
    channels: dict[str, Channel] = {
        WEBHOOK: WebhookSender(
            webhook_session,
            registration_lookup(uow, webhooks.box),
            webhooks.policy,
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


def build_bus(
    platform: Platform,
    settings: NotificationSettings,
    webhooks: WebhookParts,
    *,
    catalogue: Catalogue | None = None,
    clock: Clock = utc_now,
    wake_dispatcher: Callable[[], None] = lambda: None,
) -> MessageBus:
    """The message bus on the platform's store, with the Mongo repositories."""
    return MessageBus(
        Dependencies(
            uow=platform.uow.with_change(mongo_change),
            catalogue=catalogue or GettextCatalogue(),
            clock=clock,
            quiet_hours=settings.quiet_hours_window(),
            channels=enabled_channels(settings),
            status_page_url=settings.status_page_url,
            sender=settings.sender_name,
            secret_box=webhooks.box,
            webhook_addresses=WebhookAddresses(
                webhooks.policy, webhooks.resolver, settings.webhook_timeout_s
            ),
            wake_dispatcher=wake_dispatcher,
        )
    )


def _dispatcher_context(
    settings: NotificationSettings, clock: Clock, wakeup: Wakeup, webhooks: WebhookParts
) -> Callable[[web.Application], AsyncIterator[None]]:
    async def context(app: web.Application) -> AsyncIterator[None]:
        uow = app[BUS].deps.uow
        await seal_plain_secrets(uow, webhooks.box)
        async with open_channels(settings, uow, webhooks) as channels:
            dispatcher = Dispatcher(uow, channels, dispatch_policy(settings), clock)
            app[DISPATCHER] = dispatcher
            wakeup.target = dispatcher.wake
            dispatcher.start()
            yield
            await dispatcher.stop()

    return context


def init_app(
    settings: NotificationSettings,
    *,
    clock: Clock = utc_now,
    resolver: HostResolver | None = None,
) -> web.Application:
    """``resolver`` resolves webhook host names (default: the system's)."""
    app = create_app(settings)
    catalogue = GettextCatalogue()
    wakeup = Wakeup()
    webhooks = WebhookParts.of(settings, resolver)

    def handlers_for(platform: Platform) -> Mapping[str, EventHandler]:
        bus = build_bus(
            platform,
            settings,
            webhooks,
            catalogue=catalogue,
            clock=clock,
            wake_dispatcher=wakeup,
        )
        app[BUS] = bus
        return event_handlers(bus)

    app.cleanup_ctx.append(platform_context(INDEXES, handlers_for))
    app.cleanup_ctx.append(_dispatcher_context(settings, clock, wakeup, webhooks))
    setup_routes(app)
    return app
