"""The queue service's service layer in memory, on a clock the test moves."""

from __future__ import annotations

import pytest

from tests.queue_builders import Clock
from tests.unit.queue.memory_queue import MemoryQueue, memory_queue


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def queue(clock: Clock) -> MemoryQueue:
    return memory_queue(clock=clock)
