"""A browser's steps through the console in tests: signing in (through
/sign-in and the callback) and the CSRF token a page's forms carry."""

from __future__ import annotations

import re

from aiohttp.test_utils import TestClient


async def sign_in(client: TestClient) -> str:
    """Signs in through the sign-in route and the callback; the CSRF token."""
    started = await client.get("/sign-in", allow_redirects=False)
    state = re.search(r"state=([^&]+)", started.headers["Location"])[1]
    back = await client.get(
        f"/auth/callback?code=the-code&state={state}", allow_redirects=False
    )
    assert back.status == 303, await back.text()
    page = await client.get(back.headers["Location"])
    return csrf_of(await page.text())


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page)[1]
