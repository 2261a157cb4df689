"""The bureau's start page (its own pages come next)."""

from __future__ import annotations

from aiohttp import web

from services.console.entrypoints.guard import page_context, signed_in
from services.console.pages import render


@signed_in("admin")
async def home(request: web.Request) -> web.StreamResponse:
    return render(request, "home.html", page_context(request))
