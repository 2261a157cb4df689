"""Feeds the queue book from MongoDB: one projected scan at start, then the
change stream of the entries collection, so every replica applies every
replica's committed changes (and only committed ones).

The stream is opened *before* the queues' change counters are read and the
entries scanned: whatever commits after the scan started reaches the book
through the stream; a counter read before the scan is covered by the scan.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pymongo.asynchronous.change_stream import AsyncChangeStream
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

from services.queue.waiting_list.adapters.collections import ENTRIES, QUEUES
from services.queue.waiting_list.adapters.entries import (
    BOOK_PROJECTION,
    departure_of,
    moves_of,
    state_from_document,
)
from services.queue.waiting_list.domain.book import BookLoader, QueueBook
from services.queue.waiting_list.domain.movement import decode
from services.queue.waiting_list.domain.ordering import epoch_ms
from shared.background import stop_task
from shared.clock import Clock, utc_now
from shared.logging import get_logger
from shared.mongo import Document

log = get_logger(__name__)
WATCHED = [{"$match": {"operationType": {"$in": ["insert", "update", "replace"]}}}]
SCAN_BATCH = 2_000


@dataclass(frozen=True)
class RebuildStats:
    entries: int
    queues: int
    seconds: float


def rebuild_filter(retention_days: int, now: datetime) -> dict[str, Any]:
    """Open entries, and closed ones a patient may still look up."""
    cutoff = now - timedelta(days=retention_days)
    return {"$or": [{"closed_at": None}, {"closed_at": {"$gte": cutoff}}]}


async def _batches(
    db: AsyncDatabase[Document], retention_days: int, now: datetime
) -> AsyncIterator[list[Document]]:
    """The rebuild's documents in batches, the next one already requested
    while the current one is applied (the server's work overlaps ours)."""
    cursor = db[ENTRIES].find(
        rebuild_filter(retention_days, now), BOOK_PROJECTION, batch_size=SCAN_BATCH
    )
    ahead: asyncio.Queue[list[Document]] = asyncio.Queue(maxsize=1)

    async def fetch() -> None:
        while batch := await cursor.to_list(SCAN_BATCH):
            await ahead.put(batch)
        await ahead.put([])

    fetching = asyncio.create_task(fetch())
    try:
        while batch := await ahead.get():
            yield batch
        await fetching
    finally:
        await stop_task(fetching)
        await cursor.close()


def _load_departure(
    loader: BookLoader, left: Document, doc: Document, since_ms: int
) -> None:
    """The recent movements of a moved entry in the queue it left."""
    departure = departure_of(left, doc)
    moves = moves_of(left, departure.move.key, since_ms)
    if departure.move.at_ms >= since_ms:
        moves.append(departure.move)
    loader.add_departure(departure, moves)


class BookFeed:
    def __init__(
        self,
        db: AsyncDatabase[Document],
        book: QueueBook,
        *,
        retention_days: int,
        history_days: int = 30,
        clock: Clock = utc_now,
    ):
        self._db = db
        self._clock = clock
        self._book = book
        self._retention_days = retention_days
        self._history_days = history_days
        self._stream: AsyncChangeStream[Document] | None = None
        self._task: asyncio.Task[None] | None = None
        self.ready = False
        self.last_rebuild: RebuildStats | None = None

    async def start(self) -> RebuildStats:
        self._stream = await self._open()
        stats = await self.rebuild()
        self._task = asyncio.create_task(self._follow(), name="queue-book-feed")
        return stats

    async def stop(self) -> None:
        await stop_task(self._task)
        self._task = None
        if self._stream is not None:
            await self._stream.close()
            self._stream = None

    @property
    def healthy(self) -> bool:
        return self.ready and self._task is not None and not self._task.done()

    async def rebuild(self) -> RebuildStats:
        started = time.perf_counter()
        now = self._clock()
        async for queue in self._db[QUEUES].find(
            {}, {"facility_id": 1, "bed_profile": 1, "n": 1}
        ):
            self._book.set_watermark(
                queue["_id"], queue["facility_id"], queue["bed_profile"], queue["n"]
            )
        loader = self._book.loader()
        gc.disable()  # a million new long-lived objects: no collections meanwhile
        try:
            await self._load(loader, now)
        finally:
            gc.enable()
        # Keep the book out of the collector's generations: otherwise every
        # full collection walks a million entries (a pause on the lookup path).
        gc.freeze()
        self.ready = True
        self.last_rebuild = RebuildStats(
            entries=loader.count,
            queues=len(self._book.lines),
            seconds=time.perf_counter() - started,
        )
        log.info(
            "queue_book_rebuilt",
            entries=loader.count,
            queues=len(self._book.lines),
            seconds=round(self.last_rebuild.seconds, 3),
        )
        return self.last_rebuild

    async def _load(self, loader: BookLoader, now: datetime) -> None:
        """Every open entry (and recently closed one) into the loader."""
        since_ms = epoch_ms(now - timedelta(days=self._history_days))
        tz = self._book.tz
        async for batch in _batches(self._db, self._retention_days, now):
            for doc in batch:
                state = state_from_document(doc, tz)
                moves = doc.get("moves")
                loader.add(state, moves_of(doc, state.key, since_ms) if moves else ())
                if left := doc.get("departure"):
                    _load_departure(loader, left, doc, since_ms)
        loader.finish()

    def apply_change(self, change: Mapping[str, Any]) -> None:
        doc = change.get("fullDocument")
        if doc is None:
            return
        left = None  # the queue a move left, only in the move's own update
        if change["operationType"] == "update":
            updated = change.get("updateDescription", {}).get("updatedFields", {})
            n, last_move = updated.get("log_n"), updated.get("last_move")
            left = updated.get("departure")
        else:
            n, last_move = doc.get("log_n"), doc.get("last_move")
        state = state_from_document(doc, self._book.tz)
        move = decode(last_move, state.key) if last_move else None
        departure = departure_of(left, doc) if left else None
        self._book.apply(state, n, move if move and move.n == n else None, departure)

    async def _open(
        self, resume_after: Mapping[str, Any] | None = None
    ) -> AsyncChangeStream[Document]:
        return await self._db[ENTRIES].watch(
            WATCHED, full_document="updateLookup", resume_after=resume_after
        )

    async def _follow(self) -> None:
        assert self._stream is not None
        token = self._stream.resume_token
        while True:
            try:
                async for change in self._stream:
                    self.apply_change(change)
                    token = self._stream.resume_token
                log.warning("queue_book_stream_ended")
            except PyMongoError as exc:
                log.warning("queue_book_stream_lost", error=repr(exc))
            await asyncio.sleep(1)
            try:
                self._stream = await self._reopen(token)
                token = self._stream.resume_token
            except PyMongoError as exc:
                log.error("queue_book_stream_reopen_failed", error=repr(exc))

    async def _reopen(
        self, token: Mapping[str, Any] | None
    ) -> AsyncChangeStream[Document]:
        with contextlib.suppress(PyMongoError):
            return await self._open(resume_after=token)
        log.error("queue_book_stream_not_resumable_rebuilding")
        self.ready = False
        stream = await self._open()
        self._book.reset()
        await self.rebuild()
        return stream
