"""The headers every answer carries unless its handler sets its own."""

from __future__ import annotations

from aiohttp import web_response

BASELINE_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Server": "Kezek",
}
"""On every answer unless its handler set its own: nothing is cached (most
answers hold personal data, and a default that forgets none is safer than a
list that may), nothing is framed or sniffed, no referrer leaks a path, and
the server does not name its software and versions."""


def name_no_server_software() -> None:
    """A request aiohttp cannot even parse is answered by aiohttp itself,
    before any route, with ``Server: Python/3.x aiohttp/3.x``; the answers it
    makes say ``Kezek`` instead, like every route's."""
    web_response.SERVER_SOFTWARE = BASELINE_HEADERS["Server"]
