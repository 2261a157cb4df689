"""A memory queue whose psychiatry queues have a maximum wait of 30 days."""

from __future__ import annotations

import pytest

from tests.unit.queue.guarantee.scene import Scene, guaranteed_queue, scene


@pytest.fixture
async def setting(clock) -> Scene:
    return await scene(guaranteed_queue(clock))
