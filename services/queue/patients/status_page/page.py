"""Renders the page shell in the browser's language, with every catalogue
embedded so the visible language switch needs no reload (a lookup's result
stays on screen)."""

from __future__ import annotations

import html
import json
from pathlib import Path
from string import Template

from aiohttp import web

from services.queue.patients.status_page.catalogues import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    all_catalogues,
    catalogue,
)
from shared.http import add_route
from shared.http.languages import choose_language

STATIC_DIR = Path(__file__).with_name("static")
_SHELL = Template((STATIC_DIR / "page.html").read_text(encoding="utf-8"))
_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; "
        "connect-src 'self'; img-src 'self'; form-action 'none'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "Permissions-Policy": (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
        "interest-cohort=()"
    ),
}
"""Beside the platform's baseline headers (no caching, framing, sniffing or
referrer): the page loads only its own files and asks for no device."""
ASSETS = {name: (STATIC_DIR / name).read_bytes() for name in ("page.js", "page.css")}
ASSET_TYPES = {"js": "text/javascript", "css": "text/css"}


def render(language: str) -> str:
    texts = {key: html.escape(value) for key, value in catalogue(language).items()}
    catalogues_json = (
        json.dumps(all_catalogues(), ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    return _SHELL.substitute(
        lang=language,
        catalogues=catalogues_json,
        **{key.replace(".", "_"): value for key, value in texts.items()},
    )


async def status_page(request: web.Request) -> web.Response:
    language = request.query.get("lang", "")
    if language not in LANGUAGES:
        accepted = request.headers.get("Accept-Language")
        language = choose_language(accepted, DEFAULT_LANGUAGE)
    response = web.Response(text=render(language), content_type="text/html")
    response.headers.update(_SECURITY_HEADERS)
    response.headers["Content-Language"] = language
    response.headers["Vary"] = "Accept-Language"
    return response


async def asset(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    body = ASSETS.get(name)
    if body is None:
        raise web.HTTPNotFound()
    kind = ASSET_TYPES[name.rsplit(".", 1)[1]]
    return web.Response(
        body=body,
        content_type=kind,
        charset="utf-8",
        headers={"Permissions-Policy": _SECURITY_HEADERS["Permissions-Policy"]},
    )


def setup_status_page(app: web.Application) -> None:
    add_route(app, "GET", "/", status_page)
    add_route(app, "GET", "/static/{name}", asset)
