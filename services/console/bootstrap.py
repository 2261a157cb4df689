"""Builds the console's app: its pages, the session cookie, the identity
provider and the other services' APIs, every one a parameter (tests pass
fakes). The console has no store and no broker: ``/readyz`` checks
nothing beyond the process answering."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import timedelta

import aiohttp
from aiohttp import web

from services.console.apis import ServiceApis
from services.console.bureau_apis import BureauApis
from services.console.entrypoints.keys import APIS, BUREAU_APIS, PROVIDER, SESSIONS
from services.console.entrypoints.routes import setup_routes
from services.console.http_apis import HttpApis
from services.console.http_bureau_apis import HttpBureauApis
from services.console.pages import setup_templates
from services.console.sessions import SessionCookie
from services.console.settings import ConsoleSettings
from services.console.sign_in import IdentityProvider, OidcProvider
from shared.http import REGISTRY, create_app, finish_routes
from shared.http.app import SIGNING_KEYS
from shared.identity import IssuerKeys
from shared.logging import get_logger

log = get_logger(__name__)


def console_app(
    settings: ConsoleSettings,
    apis: ServiceApis | None = None,
    provider: IdentityProvider | None = None,
    bureau_apis: BureauApis | None = None,
) -> web.Application:
    """The console; without ``apis``, ``provider`` or ``bureau_apis``, the
    real ones are opened with the app."""
    app = create_app(settings)
    setup_templates(app, settings)
    app[SESSIONS] = SessionCookie(
        settings.console_session_key,
        timedelta(minutes=settings.console_session_idle_min),
        secure=settings.cookie_secure,
    )
    setup_routes(app)
    finish_routes(app)
    if apis is not None:
        app[APIS] = apis
    if provider is not None:
        app[PROVIDER] = provider
    if bureau_apis is not None:
        app[BUREAU_APIS] = bureau_apis
    app.cleanup_ctx.append(_connections(settings, apis is None, provider is None))
    return app


def _connections(
    settings: ConsoleSettings, own_apis: bool, own_provider: bool
) -> Callable[[web.Application], AsyncIterator[None]]:
    """The HTTP clients the console calls with, opened and closed with it."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        timeout = aiohttp.ClientTimeout(total=settings.api_timeout_s)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            if own_apis:
                app[APIS] = HttpApis(settings, session)
            if BUREAU_APIS not in app:
                app[BUREAU_APIS] = HttpBureauApis(settings, session)
            keys = app[SIGNING_KEYS]
            if not isinstance(keys, IssuerKeys):
                raise TypeError("the console signs in by the issuer's keys")
            facilities = app[REGISTRY].facilities
            oidc = OidcProvider(settings, facilities, keys, keys.discovery)
            if own_provider:
                app[PROVIDER] = oidc
            log.info("service_started", service=settings.service_name)
            yield
            await oidc.close()

    return context


def init_app(settings: ConsoleSettings) -> web.Application:
    return console_app(settings)
