"""The queue service's repositories, built in memory or on the real
Mongo-wire server (``mongo_url`` from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.queue.waiting_list.adapters.collections import INDEXES
from services.queue.waiting_list.adapters.memory_queue import memory_queue_change
from services.queue.waiting_list.adapters.mongo_queue_change import mongo_queue_change
from services.queue.waiting_list.service_layer.unit_of_work import QueueChange
from shared.memory_unit_of_work import MemoryStore
from shared.mongo import Document
from tests.contracts.stores import fresh_database


@pytest.fixture
def memory_change() -> QueueChange:
    return memory_queue_change(MemoryStore())


@pytest.fixture
async def mongo_db(mongo_url: str) -> AsyncIterator[AsyncDatabase[Document]]:
    """A database of the test's own with the queue service's indexes."""
    async with fresh_database(mongo_url, INDEXES) as db:
        yield db


@pytest.fixture
def mongo_change(mongo_db: AsyncDatabase[Document]) -> QueueChange:
    """The repositories outside a transaction (no session)."""
    return mongo_queue_change(mongo_db, None)
