from __future__ import annotations

from typing import Any

import pytest

from services.queue.bootstrap import init_app
from services.queue.settings import QueueSettings
from services.queue.waiting_list.entrypoints.keys import BUREAU
from services.queue.waiting_list.service_layer.bureau import Bureau
from tests.integration.hospital.support import Desk, small_registry
from tests.integration.queue.support import Clock


@pytest.fixture
def start_replica(queue_settings: QueueSettings, aiohttp_client: Any, clock: Clock):
    """Start one more app on the same database (a replica). The settings come
    first so the event sink outlives the apps (fixtures tear down in reverse)."""

    async def start() -> Any:
        client = await aiohttp_client(init_app(queue_settings, clock))
        client.app[BUREAU].registry = small_registry()
        return client

    return start


@pytest.fixture
async def client(start_replica: Any) -> Any:
    return await start_replica()


@pytest.fixture
def bureau(client: Any) -> Bureau:
    return client.app[BUREAU]


@pytest.fixture
def desk(client: Any, queue_settings: QueueSettings) -> Desk:
    """The admissions desk of KZ-75-M01 (psychiatry, 6 beds in these tests)."""
    return Desk(client, queue_settings, "KZ-75-M01")
