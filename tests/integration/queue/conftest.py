from __future__ import annotations

from typing import Any

import pytest

from services.queue.bootstrap import init_app
from services.queue.settings import QueueSettings
from tests.integration.queue.support import Replica
from tests.queue_builders import Clock


@pytest.fixture
async def client(
    aiohttp_client: Any, queue_settings: QueueSettings, clock: Clock
) -> Any:
    return await aiohttp_client(init_app(queue_settings, clock))


@pytest.fixture
def bureau(client: Any) -> Replica:
    return Replica(client.app)
