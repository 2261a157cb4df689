from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from aiohttp.test_utils import TestClient

from services.console.bootstrap import console_app
from services.console.settings import ConsoleSettings
from tests.unit.console.browsing import sign_in
from tests.unit.console.fakes import CLERK, FakeApis, FakeProvider, referral

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


@pytest.fixture
def signed_in(console) -> Callable[[], Awaitable[str]]:
    return lambda: sign_in(console)


@pytest.fixture
async def clerk(aiohttp_client, settings, apis) -> TestClient:
    """A clerk of KZ-75-M01, signed in."""
    client = await aiohttp_client(
        console_app(settings, apis=apis, provider=FakeProvider(CLERK))
    )
    await sign_in(client)
    return client
