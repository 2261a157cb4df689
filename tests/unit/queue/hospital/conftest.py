from __future__ import annotations

import pytest

from tests.unit.queue.hospital.desk import Desk
from tests.unit.queue.memory_queue import MemoryQueue, memory_queue


@pytest.fixture
def q() -> MemoryQueue:
    """The queue service on memory; KZ-75-M01 has 6 psychiatry beds."""
    return memory_queue()


@pytest.fixture
def desk(q: MemoryQueue) -> Desk:
    """The admissions desk of KZ-75-M01."""
    return Desk(q)
