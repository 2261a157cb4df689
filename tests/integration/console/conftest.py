from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.integration.three_services import Kezek, running


@pytest.fixture
async def kezek(
    aiohttp_client, aiohttp_server, make_settings, amqp_url
) -> AsyncIterator[Kezek]:
    """The three services, on real ports, the real broker and store."""
    async with running(
        aiohttp_client, aiohttp_server, make_settings, amqp_url
    ) as system:
        yield system
