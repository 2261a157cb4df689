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
import os
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pymongo import AsyncMongoClient

from services.queue.settings import QueueSettings
from services.queue.waiting_list.adapters.collections import INDEXES
from shared.embedded import SecantusServer
from shared.mongo import ensure_indexes
from shared.mongo_unit_of_work import PLATFORM_INDEXES
from shared.settings import DEVELOPMENT
from tests.bench.heads import EntryWrites, HeadRemovalSetup, measure_head_removals
from tests.bench.rebuild import measure_rebuild
from tests.bench.report import Report, load_line
from tests.bench.seed import Seeded, seed, write_registry
from tests.bench.service import LookupFigures, measure_lookups
from tests.bench.tokens import measure_token_checks


def _env_number(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


@dataclass(frozen=True)
class BenchSize:
    """How big the benchmark runs, from the BENCH_* environment variables."""

    entries: int
    queues: int
    seconds: float
    rounds: int
    connections: int

    @classmethod
    def from_env(cls) -> BenchSize:
        return cls(
            entries=int(_env_number("BENCH_ENTRIES", 1_000_000)),
            queues=int(_env_number("BENCH_QUEUES", 1_000)),
            seconds=_env_number("BENCH_DURATION_S", 10),
            rounds=max(1, int(_env_number("BENCH_ROUNDS", 3))),
            connections=int(_env_number("BENCH_CONNECTIONS", 16)),
        )

    def banner(self) -> str:
        counts = f"{self.entries} entries in {self.queues} queues"
        return f"== Kezek queue benchmark: {counts} =="

    def load(self) -> dict[str, Any]:
        """The lookup load's seconds, rounds and connections, by name."""
        return {
            "seconds": self.seconds,
            "rounds": self.rounds,
            "connections": self.connections,
        }


async def seed_store(
    db: Any,
    size: BenchSize,
    settings: QueueSettings,
    registry_file: Path,
    report: Report,
) -> Seeded:
    """Builds the indexes, seeds the entries and writes their queues' registry."""
    # Indexes first: with --sync-on-commit, building an index over
    # documents already there syncs per document (six times slower
    # than keeping the indexes while inserting in batches).
    started = time.perf_counter()
    await ensure_indexes(db, {**PLATFORM_INDEXES, **INDEXES})
    report.say(f"indexes built before seeding: {time.perf_counter() - started:.1f} s")
    seeded = await seed(db, size.entries, size.queues, settings.digest_key)
    report.say(
        f"seed: {size.entries} entries in {seeded.seconds:.1f} s "
        f"({size.entries / seeded.seconds:.0f} docs/s, insert_many batches)"
    )
    write_registry(registry_file, list(seeded.queue_sizes))
    return seeded


def report_lookups(report: Report, lookups: LookupFigures, size: BenchSize) -> None:
    report.say(
        f"service start (rebuild included): {lookups.startup_s:.1f} s, "
        f"RSS {lookups.service_rss_bytes / 2**20:.0f} MiB; "
        f"lookup answer {lookups.body_bytes} bytes, "
        f"{'with' if lookups.estimated else 'WITHOUT'} an estimated admission"
    )
    report.say(
        f"start-up expiry pass done {lookups.startup_jobs_s:.1f} s after launch; "
        f"then {size.rounds} rounds of {size.seconds:.0f} s per target, in turn "
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
    report_lookup_targets(report, lookups)


def report_lookup_targets(report: Report, lookups: LookupFigures) -> None:
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


async def bench(
    mongo_url: str,
    amqp_url: str,
    workdir: Path,
    report: Report,
    database_pid: int | None = None,
    own_store: bool = False,
) -> None:
    size = BenchSize.from_env()
    settings = QueueSettings(mongo_url=mongo_url, amqp_url=amqp_url)
    database = f"bench_queue_{uuid.uuid4().hex[:8]}"
    writes = EntryWrites()
    client: AsyncMongoClient[Any] = AsyncMongoClient(
        mongo_url, tz_aware=True, event_listeners=[writes]
    )
    db = client[database]
    try:
        report.say(size.banner())
        registry_file = workdir / "registry.json"
        seeded = await seed_store(db, size, settings, registry_file, report)
        book = await measure_rebuild(db, settings, report)
        lookups = await measure_lookups(
            mongo_url=mongo_url,
            database=database,
            amqp_url=amqp_url,
            registry_file=registry_file,
            sample=seeded.sample,
            **size.load(),
            workdir=workdir,
            database_pid=database_pid,
        )
        report_lookups(report, lookups, size)
        setup = HeadRemovalSetup(client, db, settings, book, writes)
        await measure_head_removals(setup, seeded, report)
        await measure_token_checks(report)
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
