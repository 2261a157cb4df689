"""A database of a contract test's own on the real Mongo-wire server."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager

from pymongo import IndexModel
from pymongo.asynchronous.database import AsyncDatabase

from shared.mongo import Document, connect, ensure_indexes


@asynccontextmanager
async def fresh_database(
    mongo_url: str, indexes: Mapping[str, Sequence[IndexModel]]
) -> AsyncIterator[AsyncDatabase[Document]]:
    """A new database with ``indexes``, dropped afterwards."""
    client = connect(mongo_url)
    db = client[f"t_contract_{uuid.uuid4().hex[:10]}"]
    await ensure_indexes(db, indexes)
    try:
        yield db
    finally:
        await client.drop_database(db.name)
        await client.close()
