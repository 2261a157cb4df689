from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.integration.platform.helpers import delete_namespace


@pytest.fixture(autouse=True)
async def _clean_broker(amqp_url: str, namespace: str) -> AsyncIterator[None]:
    yield
    await delete_namespace(amqp_url, namespace)
