"""The app factory every service uses: the route wrapper around every
handler, health and metrics."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from shared.http.errors import ApiError, error_response
from shared.http.headers import BASELINE_HEADERS, name_no_server_software
from shared.http.languages import api_language
from shared.http.metrics import REQUEST_METRICS
from shared.http.translations import TRANSLATED, catalogue
from shared.identity import IssuerKeys, SigningKeys
from shared.logging import correlation_id_var, get_logger, new_correlation_id
from shared.mongo import store_unavailable
from shared.reference.registry import Registry, registry_for
from shared.settings import ServiceSettings

log = get_logger(__name__)

SETTINGS = web.AppKey("settings", ServiceSettings)
REGISTRY = web.AppKey("registry", Registry)
SIGNING_KEYS = web.AppKey("signing_keys", SigningKeys)  # what tokens are checked by
ReadinessCheck = Callable[[], Awaitable[None]]
READINESS_CHECKS = web.AppKey("readiness_checks", dict[str, ReadinessCheck])
CORRELATION_HEADER = "X-Correlation-ID"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


QUIET_ROUTES = frozenset({"/healthz", "/readyz", "/metrics"})
STORE_RETRY_AFTER_S = 5


def should_log(policy: str, status: int, ms: float, slow_ms: float) -> bool:
    """The access-log policy: ``all`` logs every request, ``problems`` only
    refused, failed and slow ones (the metrics count everything), ``off``
    none."""
    if policy == "all":
        return True
    if policy == "problems":
        return status >= 400 or ms >= slow_ms
    return False


class RouteWrapper:
    """What every route of a service gets, wrapped around its handler when
    the route is added (``add_route``): a correlation id (taken from
    ``X-Correlation-ID`` when sane) answered in the same header, errors in
    the one error shape, the baseline headers (``BASELINE_HEADERS``), the
    request counted and timed, and the access line the policy asks for.

    A wrapper per route, not an aiohttp middleware: aiohttp runs any
    middleware through a chain it builds and caches per request, which costs
    a trivial endpoint about a seventh of its throughput (measured: 19,400
    against 16,900 req/s with one pass-through middleware)."""

    def __init__(self, settings: ServiceSettings):
        self.service = settings.service_name
        self.policy = settings.access_log
        self.slow_ms = float(settings.slow_request_ms)

    def wrap(self, handler: Handler, route: str) -> Handler:
        service = self.service
        record = REQUEST_METRICS.record
        quiet = route in QUIET_ROUTES
        baseline = tuple(BASELINE_HEADERS.items())

        async def wrapped_handler(request: web.Request) -> web.StreamResponse:
            incoming = request.headers.get(CORRELATION_HEADER, "")
            correlation_id = (
                incoming if 8 <= len(incoming) <= 64 else new_correlation_id()
            )
            token = correlation_id_var.set(correlation_id)
            started = time.perf_counter()
            status = 500
            try:
                try:
                    response = await answer(handler, request, route)
                except web.HTTPException as exc:  # a redirect, raised on
                    status = exc.status
                    raise
                status = response.status
                headers = response.headers
                for name, value in baseline:
                    if name not in headers:
                        headers[name] = value
                headers[CORRELATION_HEADER] = correlation_id
                return response
            finally:
                elapsed = time.perf_counter() - started
                record(service, request.method, route, status, elapsed)
                if not quiet:
                    self._log(request.method, route, status, elapsed)
                correlation_id_var.reset(token)

        return wrapped_handler

    def _log(self, method: str, route: str, status: int, elapsed: float) -> None:
        ms = round(elapsed * 1000, 2)
        if should_log(self.policy, status, ms, self.slow_ms):
            log.info("http_request", method=method, route=route, status=status, ms=ms)


async def answer(
    handler: Handler, request: web.Request, route: str
) -> web.StreamResponse:
    """The handler's answer, or its failure in the one error shape in the
    caller's language (a redirect is raised on, as aiohttp expects). Only a
    failure reads ``Accept-Language``: an answer that succeeds pays nothing."""
    try:
        return await handler(request)
    except ApiError as exc:
        return exc.response(api_language(request))
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return _http_error(exc, api_language(request))
    except asyncio.CancelledError:
        raise
    except Exception as exc:
        return _unexpected(exc, route, api_language(request))


ROUTE_WRAPPER = web.AppKey("route_wrapper", RouteWrapper)
UNMATCHED = "unmatched"


def add_route(
    app: web.Application, method: str, path: str, handler: Handler
) -> web.AbstractRoute:
    """Add a route with its handler wrapped (``RouteWrapper``); GET answers HEAD."""
    wrapped = app[ROUTE_WRAPPER].wrap(handler, route=path)
    if method == "GET":
        return app.router.add_get(path, wrapped)
    return app.router.add_route(method, path, wrapped)


def finish_routes(app: web.Application) -> None:
    """After every other route: what matches none of them is answered in the
    error shape, 405 with ``Allow`` where the path exists, else 404."""
    app.router.add_route(
        "*", "/{unmatched:.*}", app[ROUTE_WRAPPER].wrap(_unmatched, route=UNMATCHED)
    )


async def _unmatched(request: web.Request) -> web.StreamResponse:
    this = request.match_info.route.resource
    allowed: set[str] = set()
    for resource in request.app.router.resources():
        if resource is not this:
            found, methods = await resource.resolve(request)
            if found is None:
                allowed |= methods
    if allowed:
        raise web.HTTPMethodNotAllowed(request.method, allowed)
    raise web.HTTPNotFound()


def _unexpected(exc: Exception, route: str, language: str) -> web.Response:
    """A failure no handler answered: 503 with ``Retry-After`` while the
    store is unavailable (the transaction committed or did not: retrying
    with the same ``Idempotency-Key`` is safe), else 500 revealing nothing."""
    if store_unavailable(exc):
        log.warning("store_unavailable", route=route, error=type(exc).__name__)
        return error_response(
            503,
            "store_unavailable",
            "The service cannot reach its database just now; try again shortly.",
            headers={"Retry-After": str(STORE_RETRY_AFTER_S)},
            language=language,
        )
    log.exception("unhandled_error", route=route)
    return error_response(
        500, "internal_error", "Something went wrong on our side.", language=language
    )


def _http_error(exc: web.HTTPException, language: str) -> web.Response:
    code = exc.reason.lower().replace(" ", "_")
    headers = {k: v for k, v in exc.headers.items() if k.lower() == "allow"}
    return error_response(
        exc.status, code, exc.reason, headers=headers, language=language
    )


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "alive"})


async def readyz(request: web.Request) -> web.Response:
    results: dict[str, str] = {}
    for name, check in request.app[READINESS_CHECKS].items():
        try:
            await asyncio.wait_for(check(), timeout=3)
            results[name] = "ok"
        except Exception as exc:  # noqa: BLE001 - any failure means not ready
            results[name] = f"unavailable: {type(exc).__name__}"
    ready = all(v == "ok" for v in results.values())
    return web.json_response(
        {"status": "ready" if ready else "not_ready", "checks": results},
        status=200 if ready else 503,
    )


async def metrics(request: web.Request) -> web.Response:
    response = web.Response(body=generate_latest())
    response.content_type = CONTENT_TYPE_LATEST.split(";")[0]
    return response


def warn_of_published_keys(settings: ServiceSettings) -> None:
    """Settings refuse published keys outside ``KEZEK_ENV=development``;
    inside it, every start says so."""
    published = settings.published_keys_in_use()
    if published:
        log.warning(
            "development_keys_in_use",
            settings=published,
            kezek_env=settings.kezek_env,
            note="anyone can read these keys in the repository; never use them "
            "with real patients",
        )


def create_app(settings: ServiceSettings) -> web.Application:
    """A service's app with health and metrics; add routes with ``add_route``
    and end with ``finish_routes``."""
    app = web.Application(client_max_size=settings.max_body_bytes)
    warn_of_published_keys(settings)
    name_no_server_software()
    app[SETTINGS] = settings
    app[REGISTRY] = registry_for(settings.registry_file)
    app[SIGNING_KEYS] = IssuerKeys(
        settings.discovery_url, settings.oidc_issuer, settings.jwks_cache_s
    )
    app.on_cleanup.append(lambda app: app[SIGNING_KEYS].close())
    app[ROUTE_WRAPPER] = RouteWrapper(settings)
    app[READINESS_CHECKS] = {}
    for language in TRANSLATED:
        catalogue(language)  # read now, not on the first refusal
    add_route(app, "GET", "/healthz", healthz)
    add_route(app, "GET", "/readyz", readyz)
    add_route(app, "GET", "/metrics", metrics)
    return app
