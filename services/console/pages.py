"""Server-rendered pages: Jinja2 templates under ``templates/`` in the
reader's language, with the headers every console page carries."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp_jinja2
import jinja2
from aiohttp import web

from services.console.charts import bar_chart
from services.console.labels import BED_PROFILES
from services.console.settings import ConsoleSettings
from services.console.words import (
    LANGUAGE_NAMES,
    keep_language,
    page_language,
    words,
)
from shared.http.app import REGISTRY, SETTINGS
from shared.http.languages import language_headers

TEMPLATES_DIR = Path(__file__).with_name("templates")
STATIC_DIR = Path(__file__).with_name("static")
STYLESHEET = (STATIC_DIR / "console.css").read_bytes()


def security_headers(settings: ConsoleSettings) -> dict[str, str]:
    """No inline script or style, nothing framed, forms posted only to the
    console and the identity provider, no referrer, no device asked for."""
    policy = (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "
        f"object-src 'none'; form-action 'self' {settings.issuer_origin}"
    )
    return {
        "Content-Security-Policy": policy,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }


def setup_templates(app: web.Application, settings: ConsoleSettings) -> None:
    zone = ZoneInfo(settings.local_timezone)
    environment = aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=jinja2.select_autoescape(default=True),
        undefined=jinja2.ChainableUndefined,
    )
    environment.filters["local"] = lambda moment: local_time(moment, zone)
    environment.filters["profile_name"] = profile_name
    environment.filters["facility_name"] = facility_namer(app)
    environment.globals["bar_chart"] = bar_chart


@jinja2.pass_context
def profile_name(context: jinja2.runtime.Context, code: object) -> str:
    """A bed profile's name in the page's language (its code if unnamed)."""
    named = BED_PROFILES.get(str(code))
    return str(context["_"](named)) if named else str(code)


def facility_namer(app: web.Application) -> Any:
    """The filter naming a facility by its registry id in the page's
    language (the id itself if the registry does not hold it)."""

    @jinja2.pass_context
    def facility_name(context: jinja2.runtime.Context, facility_id: object) -> str:
        facility = app[REGISTRY].get(str(facility_id))
        return facility.name_in(context["lang"]) if facility else str(facility_id)

    return facility_name


def local_time(moment: object, zone: ZoneInfo) -> str:
    """An API's ISO moment as the reader's clock shows it (``LOCAL_TIMEZONE``):
    ``2026-11-30 13:15``; anything else as it came."""
    if not isinstance(moment, str):
        return ""
    try:
        parsed = datetime.fromisoformat(moment)
    except ValueError:
        return moment
    if parsed.tzinfo is None:
        return moment
    return parsed.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def console_settings(app: web.Application) -> ConsoleSettings:
    settings = app[SETTINGS]
    assert isinstance(settings, ConsoleSettings)
    return settings


def render(
    request: web.Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
    language: str = "",
) -> web.Response:
    """``template`` in ``language``, else the reader's; ``_`` in it
    translates."""
    settings = console_settings(request.app)
    language = language or page_language(request)
    page = {
        "_": words(language),
        "lang": language,
        "languages": LANGUAGE_NAMES,
        "path": request.path,
        "here": request.path if request.method == "GET" else "/",
        "user": None,
        "csrf": "",
        "flash": None,
        **(context or {}),
    }
    response = aiohttp_jinja2.render_template(template, request, page, status=status)
    response.headers.update(security_headers(settings))
    response.headers.update(language_headers(language))
    keep_language(request, response, secure=settings.cookie_secure)
    return response


def see_other(location: str) -> web.Response:
    """The answer to a form posted: the browser gets ``location`` next."""
    return web.Response(status=303, headers={"Location": location})


async def stylesheet(request: web.Request) -> web.Response:
    return web.Response(
        body=STYLESHEET,
        content_type="text/css",
        headers={"Cache-Control": "public, max-age=3600"},
    )


async def no_page(request: web.Request) -> web.Response:
    """A page the console does not have: an HTML 404 a browser can show."""
    return render(request, "no_page.html", status=404)
