"""MongoDB helpers: the client, transactions with retry, indexes at start, and
what counts as the store being unavailable."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

import pymongo
from pymongo import AsyncMongoClient, IndexModel
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import ConnectionFailure, PyMongoError
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


def store_unavailable(exc: BaseException) -> bool:
    """The store could not be reached or did not answer in time (no server
    to select, a connection lost, a primary stepping down, a timeout): worth
    trying again later, unlike a refused or invalid operation."""
    if isinstance(exc, ConnectionFailure):
        return True
    return isinstance(exc, PyMongoError) and exc.timeout


async def in_transaction(
    client: AsyncMongoClient[Document],
    work: Callable[[AsyncClientSession], Awaitable[T]],
    timeout_s: float,
) -> T:
    """Run ``work`` in one transaction; pymongo retries the whole callback on
    transient errors and an unknown commit result, so ``work`` must be
    re-runnable. Everything, retries included, must finish within
    ``timeout_s`` (pymongo's own retries would go on for two minutes while
    the store is unreachable); after that the error is a timeout for which
    :func:`store_unavailable` is true."""
    async with client.start_session() as session:
        with pymongo.timeout(timeout_s):
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
