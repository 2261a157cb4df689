"""``make bench``: the queue service's speed and size, measured in one run.

1. seeds BENCH_ENTRIES (1,000,000) active entries across BENCH_QUEUES (1,000)
   queues straight into MongoDB (one queue holds a tenth of them, one a
   thousandth, the rest are even);
2. rebuilds the book exactly as the service does at start, against a bare
   scan of the same documents with the same driver, and the memory it holds;
3. drives POST /v1/queue/lookup of the real service (a process) with random
   existing codes for BENCH_DURATION_S (10) seconds, then a bare aiohttp
   handler returning JSON of the same size, then that handler inside the
   shared platform app; BENCH_ROUNDS (3) rounds in turn, after the service's
   start-up expiry pass, the median round counting;
4. times taking the head of the 1,000- and the 100,000-entry queue (what a
   pull or an admission does), counting what each removal writes and emits.

MONGO_URL (else SecantusDB is started in a temporary directory), AMQP_URL.
A smoke run: BENCH_ENTRIES=2000 BENCH_QUEUES=20 BENCH_DURATION_S=1.
"""

from __future__ import annotations

import asyncio
import gc
import os
import shutil
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pymongo import AsyncMongoClient

from services.queue.bootstrap import waiting_list_of
from services.queue.settings import QueueSettings
from services.queue.waiting_list.adapters.book_feed import (
    SCAN_BATCH,
    BookFeed,
    rebuild_filter,
)
from services.queue.waiting_list.adapters.collections import ENTRIES, INDEXES
from services.queue.waiting_list.adapters.entries import BOOK_PROJECTION
from services.queue.waiting_list.service_layer.book import LiveBook
from shared.embedded import SecantusServer
from shared.mongo import ensure_indexes
from shared.mongo_unit_of_work import PLATFORM_INDEXES, MongoChange
from shared.reference.registry import load_registry
from shared.settings import DEVELOPMENT
from tests.bench.heads import CountingUnitOfWork, EntryWrites, time_head_removals
from tests.bench.report import Report, load_line, timing_line
from tests.bench.seed import seed, write_registry
from tests.bench.service import measure_lookups

RETENTION_DAYS = QueueSettings().lookup_retention_days


def _env_number(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


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


async def bench(
    mongo_url: str,
    amqp_url: str,
    workdir: Path,
    report: Report,
    database_pid: int | None = None,
    own_store: bool = False,
) -> None:
    entries = int(_env_number("BENCH_ENTRIES", 1_000_000))
    queues = int(_env_number("BENCH_QUEUES", 1_000))
    seconds = _env_number("BENCH_DURATION_S", 10)
    rounds = max(1, int(_env_number("BENCH_ROUNDS", 3)))
    connections = int(_env_number("BENCH_CONNECTIONS", 16))
    settings = QueueSettings(mongo_url=mongo_url, amqp_url=amqp_url)
    database = f"bench_queue_{uuid.uuid4().hex[:8]}"
    writes = EntryWrites()
    client: AsyncMongoClient[Any] = AsyncMongoClient(
        mongo_url, tz_aware=True, event_listeners=[writes]
    )
    db = client[database]
    try:
        report.say(f"== Kezek queue benchmark: {entries} entries in {queues} queues ==")
        # Indexes first: with --sync-on-commit, building an index over
        # documents already there syncs per document (six times slower
        # than keeping the indexes while inserting in batches).
        started = time.perf_counter()
        await ensure_indexes(db, {**PLATFORM_INDEXES, **INDEXES})
        report.say(
            f"indexes built before seeding: {time.perf_counter() - started:.1f} s"
        )
        seeded = await seed(db, entries, queues, settings.digest_key)
        report.say(
            f"seed: {entries} entries in {seeded.seconds:.1f} s "
            f"({entries / seeded.seconds:.0f} docs/s, insert_many batches)"
        )
        registry_file = workdir / "registry.json"
        write_registry(registry_file, list(seeded.queue_sizes))

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

        lookups = await measure_lookups(
            mongo_url=mongo_url,
            database=database,
            amqp_url=amqp_url,
            registry_file=registry_file,
            sample=seeded.sample,
            seconds=seconds,
            rounds=rounds,
            connections=connections,
            workdir=workdir,
            database_pid=database_pid,
        )
        report.say(
            f"service start (rebuild included): {lookups.startup_s:.1f} s, "
            f"RSS {lookups.service_rss_bytes / 2**20:.0f} MiB; "
            f"lookup answer {lookups.body_bytes} bytes"
        )
        report.say(
            f"start-up expiry pass done {lookups.startup_jobs_s:.1f} s after launch; "
            f"then {rounds} rounds of {seconds:.0f} s per target, in turn "
            f"(figures: the median round)"
        )
        for name, results in lookups.rounds.items():
            figures = ", ".join(f"{r.per_second:.0f}" for r in results)
            report.say(f"  rounds, {name}: {figures} req/s")
        if lookups.database_cpu is not None:
            report.say(
                f"  database server CPU during the service's rounds: "
                f"{100 * lookups.database_cpu:.0f}% of a core"
            )
        report.say(load_line("lookup (service)", lookups.service))
        report.say(load_line("bare aiohttp handler", lookups.bare))
        report.say(load_line("shared platform app, same handler", lookups.platform))
        ratio = lookups.service.per_second / max(lookups.bare.per_second, 1e-9)
        report.target("lookup throughput / bare", ratio, ">=", 0.5)
        report.target("lookup p99 ms", lookups.service.p99_ms, "<=", 20)
        ceiling = lookups.platform.per_second / max(lookups.bare.per_second, 1e-9)
        share = lookups.service.per_second / max(lookups.platform.per_second, 1e-9)
        report.say(
            f"  (for reference: the platform alone reaches {ceiling:.2f} "
            f"of bare; the lookup reaches {share:.2f} of that ceiling)"
        )

        uow = CountingUnitOfWork(
            client, db, MongoChange, relay=None, timeout_s=settings.store_timeout_s
        )
        waiting_list = waiting_list_of(
            settings, uow, db, book, load_registry(registry_file)
        )
        repeats = max(5, min(30, seeded.queue_sizes[seeded.small_queue] // 3))
        small, big = await time_head_removals(
            waiting_list, uow, writes, [seeded.small_queue, seeded.big_queue], repeats
        )
        report.say(
            timing_line(
                f"head removal, {small.queue_length}-entry queue", small.timings_ms
            )
        )
        report.say(
            timing_line(f"head removal, {big.queue_length}-entry queue", big.timings_ms)
        )
        report.target(
            f"head removal {big.queue_length} / {small.queue_length}",
            statistics.median(big.timings_ms) / statistics.median(small.timings_ms),
            "<=",
            1.5,
        )
        for label, timed in (("small", small), ("big", big)):
            report.say(
                f"  messages per removal ({label} queue, {timed.queue_length}): "
                f"{sorted(set(timed.messages))}; entry documents written: "
                f"{sorted(set(timed.entries_written))}"
            )
        constant = set(small.messages) == set(big.messages) and max(big.messages) <= 4
        report.say(f"  constant number of messages: {'MET' if constant else 'MISSED'}")
    finally:
        if not own_store:
            # A store of the bench's own is deleted whole, at once; under
            # --sync-on-commit a drop deletes document by document.
            await client.drop_database(database)
        await client.close()


async def main() -> None:
    report = Report()
    workdir = Path(tempfile.mkdtemp(prefix="kezek-bench-"))
    server = None
    mongo_url = os.environ.get("MONGO_URL", "")
    try:
        if not mongo_url:
            server = SecantusServer(workdir / "mongo", log_file=workdir / "mongo.log")
            mongo_url = server.start()
        amqp_url = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
        process = server.process if server is not None else None
        pid = process.pid if process is not None else None
        await bench(mongo_url, amqp_url, workdir, report, pid, server is not None)
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    # The bench runs the services on this machine with the development keys.
    os.environ.setdefault("KEZEK_ENV", DEVELOPMENT)
    asyncio.run(main())
