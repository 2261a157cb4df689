"""Renders the page in the browser's language, with every catalogue embedded
so that, with JavaScript, the language switch needs no reload (a lookup's
result stays on screen); without it, the forms post to the server, which
answers with the same page filled in (``forms.py``)."""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path
from string import Template

from aiohttp import web

from services.queue.patients.status_page.catalogues import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    PAGE_TEXTS,
    PageTexts,
)
from services.queue.patients.status_page.view import PageState, Texts, state_fields
from shared.http.languages import asked_language, language_headers

STATIC_DIR = Path(__file__).with_name("static")
_SHELL = Template((STATIC_DIR / "page.html").read_text(encoding="utf-8"))
_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; "
        "connect-src 'self'; img-src 'self'; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "Permissions-Policy": (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
        "interest-cohort=()"
    ),
}
"""Beside the platform's baseline headers (no caching, framing, sniffing or
referrer): the page loads only its own files, posts its forms only to
itself, and asks for no device."""
ASSETS = {name: (STATIC_DIR / name).read_bytes() for name in ("page.js", "page.css")}
ASSET_TYPES = {"js": "text/javascript", "css": "text/css"}
EMPTY = PageState()


def render(page_texts: PageTexts, language: str, state: PageState = EMPTY) -> str:
    """The page in ``language``: the shell and, after a POST, what the
    server found (page.js renders the same after a lookup of its own)."""
    texts = page_texts.texts[language]
    shown = {key: html.escape(value) for key, value in texts.items()}
    return _SHELL.substitute(
        lang=language,
        catalogues=page_texts.embedded,
        **{f"pressed_{other}": str(other == language).lower() for other in LANGUAGES},
        **{key.replace(".", "_"): value for key, value in shown.items()},
        **state_fields(Texts(texts), state),
    )


def page_language(request: web.Request, chosen: str | None) -> str:
    """The language asked for (a button or a form field), else the
    browser's."""
    return asked_language(request, chosen, DEFAULT_LANGUAGE)


def page_answer(
    request: web.Request,
    language: str,
    state: PageState = EMPTY,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> web.Response:
    response = web.Response(
        text=render(request.app[PAGE_TEXTS], language, state),
        status=status,
        content_type="text/html",
        headers=headers,
    )
    response.headers.update(_SECURITY_HEADERS)
    response.headers.update(language_headers(language))
    return response


async def status_page(request: web.Request) -> web.Response:
    return page_answer(request, page_language(request, request.query.get("lang")))


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
