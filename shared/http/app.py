"""The app factory every service uses: middlewares, health and metrics."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.typedefs import Middleware
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from shared.http.errors import ApiError, error_response
from shared.http.metrics import REQUEST_METRICS
from shared.logging import correlation_id_var, get_logger, new_correlation_id
from shared.settings import ServiceSettings

log = get_logger(__name__)

SETTINGS = web.AppKey("settings", ServiceSettings)
ReadinessCheck = Callable[[], Awaitable[None]]
READINESS_CHECKS = web.AppKey("readiness_checks", dict[str, ReadinessCheck])
CORRELATION_HEADER = "X-Correlation-ID"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _route_name(request: web.Request) -> str:
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else "unmatched"


QUIET_ROUTES = frozenset({"/healthz", "/readyz", "/metrics"})


def should_log(policy: str, status: int, ms: float, slow_ms: float) -> bool:
    """The access-log policy: ``all`` logs every request, ``problems`` only
    refused, failed and slow ones (the metrics count everything), ``off``
    none."""
    if policy == "all":
        return True
    if policy == "problems":
        return status >= 400 or ms >= slow_ms
    return False


def platform_middleware(settings: ServiceSettings) -> Middleware:
    """The one middleware of every service (one, not several: the lookup is
    a hot path and each layer costs): give every request a correlation id
    (taken from ``X-Correlation-ID`` when sane) and answer it in the same
    header, turn errors into the one error shape, count and time the request,
    and write the access line the policy asks for."""
    service = settings.service_name
    record = REQUEST_METRICS.record
    policy, slow_ms = settings.access_log, float(settings.slow_request_ms)

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        incoming = request.headers.get(CORRELATION_HEADER, "")
        correlation_id = incoming if 8 <= len(incoming) <= 64 else new_correlation_id()
        token = correlation_id_var.set(correlation_id)
        started = time.perf_counter()
        status = 500
        try:
            try:
                response = await handler(request)
            except ApiError as exc:
                response = exc.response()
            except web.HTTPException as exc:
                if exc.status < 400:
                    status = exc.status
                    raise
                response = _http_error(exc)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("unhandled_error", route=_route_name(request))
                response = error_response(
                    500, "internal_error", "Something went wrong on our side."
                )
            status = response.status
            response.headers[CORRELATION_HEADER] = correlation_id
            return response
        finally:
            elapsed = time.perf_counter() - started
            route = _route_name(request)
            record(service, request.method, route, status, elapsed)
            ms = round(elapsed * 1000, 2)
            if route not in QUIET_ROUTES and should_log(policy, status, ms, slow_ms):
                log.info(
                    "http_request",
                    method=request.method,
                    route=route,
                    status=status,
                    ms=ms,
                )
            correlation_id_var.reset(token)

    return middleware


def _http_error(exc: web.HTTPException) -> web.Response:
    code = exc.reason.lower().replace(" ", "_")
    headers = {k: v for k, v in exc.headers.items() if k.lower() == "allow"}
    return error_response(exc.status, code, exc.reason, headers=headers)


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


def create_app(settings: ServiceSettings) -> web.Application:
    app = web.Application(
        middlewares=[platform_middleware(settings)],
        client_max_size=settings.max_body_bytes,
    )
    app[SETTINGS] = settings
    app[READINESS_CHECKS] = {}
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)
    return app
