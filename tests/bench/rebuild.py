"""Rebuilds the book exactly as the queue service does at start, against a
bare scan of the same documents with the same driver, and the memory it holds."""

from __future__ import annotations

import gc
import os
import time
from datetime import UTC, datetime
from typing import Any

from services.queue.settings import QueueSettings
from services.queue.waiting_list.adapters.book_feed import (
    SCAN_BATCH,
    BookFeed,
    rebuild_filter,
)
from services.queue.waiting_list.adapters.collections import ENTRIES
from services.queue.waiting_list.adapters.entries import BOOK_PROJECTION
from services.queue.waiting_list.service_layer.book import LiveBook
from tests.bench.report import Report

RETENTION_DAYS = QueueSettings().lookup_retention_days


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


async def bare_scan(db: Any) -> float:
    """The same documents, filter, projection and batch size, doing nothing."""
    started = time.perf_counter()
    cursor = db[ENTRIES].find(
        rebuild_filter(RETENTION_DAYS, datetime.now(UTC)),
        BOOK_PROJECTION,
        batch_size=SCAN_BATCH,
    )
    async for _ in cursor:
        pass
    return time.perf_counter() - started


async def measure_rebuild(db: Any, settings: QueueSettings, report: Report) -> LiveBook:
    """Reports the rebuild's time against the bare scan's and the memory the
    book holds; returns the rebuilt book."""
    first_scan = await bare_scan(db)
    gc.collect()
    before = rss_bytes()
    book = LiveBook(settings.timezone, settings.movement_history)
    stats = await BookFeed(db, book, retention_days=RETENTION_DAYS).rebuild()
    gc.collect()
    held = rss_bytes() - before
    second_scan = await bare_scan(db)
    scan = min(first_scan, second_scan)
    report.say(
        f"rebuild: {stats.entries} entries, {stats.queues} queues in "
        f"{stats.seconds:.2f} s; bare scan {first_scan:.2f} s / {second_scan:.2f} s"
    )
    report.target("rebuild / bare scan", stats.seconds / scan, "<=", 1.5)
    report.say(f"memory: RSS +{held / 2**20:.1f} MiB after the rebuild")
    report.target("bytes per entry", held / stats.entries, "<=", 600)
    return book
