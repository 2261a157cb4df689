from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

import pytest
from aiohttp.test_utils import TestClient

from services.console.bootstrap import console_app
from services.console.settings import ConsoleSettings
from tests.unit.console.fakes import FakeApis, FakeProvider, referral

ConsoleClient = TestClient


@pytest.fixture
def settings() -> ConsoleSettings:
    return ConsoleSettings(kezek_env="development", cookie_secure=False)


@pytest.fixture
def apis() -> FakeApis:
    return FakeApis(referrals_held={"r-1": referral("r-1")})


@pytest.fixture
def provider() -> FakeProvider:
    return FakeProvider()


@pytest.fixture
async def console(aiohttp_client, settings, apis, provider) -> TestClient:
    return await aiohttp_client(console_app(settings, apis=apis, provider=provider))


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


@pytest.fixture
def signed_in(console) -> Callable[[], Awaitable[str]]:
    return lambda: sign_in(console)
