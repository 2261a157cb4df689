"""MongoDB helpers: the client, transactions with retry, indexes at start."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

from pymongo import AsyncMongoClient, IndexModel
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.read_concern import ReadConcern
from pymongo.write_concern import WriteConcern

T = TypeVar("T")
Document = dict[str, Any]


def connect(mongo_url: str) -> AsyncMongoClient[Document]:
    """A client for ``MONGO_URL``; times are timezone-aware UTC."""
    return AsyncMongoClient(
        mongo_url, tz_aware=True, serverSelectionTimeoutMS=5000, connect=False
    )


async def ping(client: AsyncMongoClient[Document]) -> None:
    await client.admin.command("ping")


async def in_transaction(
    client: AsyncMongoClient[Document],
    work: Callable[[AsyncClientSession], Awaitable[T]],
) -> T:
    """Run ``work`` in one transaction; pymongo retries the whole callback on
    transient errors and an unknown commit result, so ``work`` must be
    re-runnable."""
    async with client.start_session() as session:
        return await session.with_transaction(
            work,
            read_concern=ReadConcern("snapshot"),
            write_concern=WriteConcern("majority"),
        )


async def ensure_indexes(
    db: AsyncDatabase[Document], indexes: Mapping[str, Sequence[IndexModel]]
) -> None:
    """Create every collection's indexes; safe to call at each start."""
    for collection, models in indexes.items():
        if models:
            await db[collection].create_indexes(list(models))
