from __future__ import annotations

from typing import Any

import pytest

from services.queue.bootstrap import init_app
from services.queue.settings import QueueSettings
from shared.http.app import REGISTRY
from tests.integration.hospital.support import Desk
from tests.integration.queue.support import Replica
from tests.queue_builders import Clock, small_registry


@pytest.fixture
def start_replica(queue_settings: QueueSettings, aiohttp_client: Any, clock: Clock):
    """Start one more app on the same database (a replica). The settings come
    first so the event sink outlives the apps (fixtures tear down in reverse)."""

    async def start() -> Any:
        app = init_app(queue_settings, clock)
        app[REGISTRY] = small_registry()
        return await aiohttp_client(app)

    return start


@pytest.fixture
async def client(start_replica: Any) -> Any:
    return await start_replica()


@pytest.fixture
def bureau(client: Any) -> Replica:
    return Replica(client.app)


@pytest.fixture
def desk(client: Any, queue_settings: QueueSettings) -> Desk:
    """The admissions desk of KZ-75-M01 (psychiatry, 6 beds in these tests)."""
    return Desk(client, queue_settings, "KZ-75-M01")
