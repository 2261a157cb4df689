"""What the notification contract suites share: a database of each test's
own on the session's real Mongo-wire server, and moments Mongo keeps whole."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from shared.mongo import Document, connect

START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    """``minutes`` after a fixed start, at millisecond precision."""
    return START + timedelta(milliseconds=round(minutes * 60_000))


@pytest.fixture
async def mongo_db(mongo_url: str) -> AsyncIterator[AsyncDatabase[Document]]:
    client = connect(mongo_url)
    name = f"t_contract_{uuid.uuid4().hex[:10]}"
    try:
        yield client[name]
    finally:
        await client.drop_database(name)
        await client.close()
