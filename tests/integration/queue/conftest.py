from __future__ import annotations

from typing import Any

import pytest

from services.queue.bootstrap import init_app
from services.queue.settings import QueueSettings
from services.queue.waiting_list.entrypoints.keys import BUREAU
from services.queue.waiting_list.service_layer.bureau import Bureau
from tests.integration.queue.support import Clock


@pytest.fixture
async def client(
    aiohttp_client: Any, queue_settings: QueueSettings, clock: Clock
) -> Any:
    return await aiohttp_client(init_app(queue_settings, clock))


@pytest.fixture
def bureau(client: Any) -> Bureau:
    return client.app[BUREAU]
