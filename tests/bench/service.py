"""Runs the real queue service (``python -m services.queue``) and the bare
baseline as processes and drives both with the same load."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import aio_pika

from services.queue.settings import QueueSettings
from shared.embedded import free_port
from shared.runtime import topology_for
from tests.bench.load import LoadResult, lookup_bodies, run_load
from tests.bench.processes import (
    cpu_seconds,
    post,
    rss,
    spawn,
    start_baseline,
    stop,
    wait_logged,
    wait_ready,
)

UNLIMITED = str(10**12)
STARTUP_JOB_DONE = ("expiry_job_done", "expiry_job_failed")


@dataclass(frozen=True)
class LookupFigures:
    """Each target's median round (by requests per second), every round, and
    what the service did before the load began."""

    service: LoadResult
    bare: LoadResult
    platform: LoadResult
    rounds: dict[str, list[LoadResult]]
    body_bytes: int
    estimated: bool
    """The sample answer has an estimated admission (the queue's pace)."""
    startup_s: float
    startup_jobs_s: float
    service_rss_bytes: int
    database_cpu: float | None


@dataclass(frozen=True)
class LoadPlan:
    """What each target receives: the request bodies, for how long, how often
    and over how many connections."""

    bodies: list[str]
    seconds: float
    rounds: int
    connections: int
    workdir: Path


@dataclass(frozen=True)
class RoundResults:
    results: dict[str, list[LoadResult]]
    database_cpu: float | None


def median_round(results: list[LoadResult]) -> LoadResult:
    return sorted(results, key=lambda r: r.per_second)[len(results) // 2]


async def _delete_broker_objects(amqp_url: str, namespace: str) -> None:
    topology = topology_for(QueueSettings(kezek_namespace=namespace))
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        for name in topology.all_queue_names():
            channel = await connection.channel()
            with contextlib.suppress(aio_pika.exceptions.AMQPError):
                await channel.queue_delete(name)
        channel = await connection.channel()
        with contextlib.suppress(aio_pika.exceptions.AMQPError):
            await channel.exchange_delete(topology.exchange)


def _service_env(
    mongo_url: str, database: str, amqp_url: str, registry_file: Path
) -> tuple[dict[str, str], str, int]:
    """The queue service's environment, its broker namespace and its port."""
    port = free_port()
    namespace = f"kezek-bench-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "MONGO_URL": mongo_url,
        "MONGO_DB": database,
        "AMQP_URL": amqp_url,
        "KEZEK_NAMESPACE": namespace,
        "HTTP_PORT": str(port),
        "REGISTRY_FILE": str(registry_file),
        "LOOKUP_IP_PER_MINUTE": UNLIMITED,
        "LOOKUP_IP_BURST": UNLIMITED,
    }
    return env, namespace, port


async def _wait_started(
    base: str, service: subprocess.Popen[bytes], log: Path, started: float
) -> tuple[float, float]:
    """Seconds from ``started`` until the service is ready and until its
    start-up expiry pass is done."""
    await asyncio.to_thread(wait_ready, f"{base}/readyz", service, 900)
    startup = time.perf_counter() - started
    # The start-up expiry pass scans the entries in the database, which
    # here shares the machine's two cores: measure after it.
    await asyncio.to_thread(wait_logged, log, STARTUP_JOB_DONE, service, 1800)
    return startup, time.perf_counter() - started


def _first_lookup(url: str, body: str) -> bytes:
    """One real lookup, proving the service answers a position."""
    status, answer = post(url, body)
    if status != 200 or "position" not in json.loads(answer):
        raise RuntimeError(f"lookup answered {status}: {answer[:200]!r}")
    return answer


async def _start_baselines(
    size: int, baselines: list[subprocess.Popen[bytes]]
) -> dict[str, str]:
    """Starts the bare and the platform baseline (kept in ``baselines`` for
    stopping) and returns their URLs by name."""
    urls = {}
    for mode in ("bare", "platform"):
        server, url = await start_baseline(mode, size)
        baselines.append(server)
        urls[mode] = url
    return urls


async def _run_rounds(
    urls: dict[str, str], plan: LoadPlan, database_pid: int | None
) -> RoundResults:
    """A warm-up per target, then ``plan.rounds`` rounds of each in turn."""
    for url in urls.values():
        await run_load(
            url, plan.bodies, min(2.0, plan.seconds), plan.connections, plan.workdir
        )
    results: dict[str, list[LoadResult]] = {name: [] for name in urls}
    busy = cpu_seconds(database_pid)
    in_service_s = 0.0
    for _ in range(plan.rounds):
        for name, url in urls.items():
            began = time.perf_counter()
            results[name].append(
                await run_load(
                    url, plan.bodies, plan.seconds, plan.connections, plan.workdir
                )
            )
            if name == "service":
                in_service_s += time.perf_counter() - began
    database_cpu = None
    if busy is not None:
        # CPU the database server used over all the rounds, per second of
        # the service's own rounds (the baselines never touch it).
        database_cpu = (cpu_seconds(database_pid) or 0.0) - busy
        database_cpu /= max(in_service_s, 1e-9)
    return RoundResults(results, database_cpu)


def _figures(
    rounds: RoundResults,
    answer: bytes,
    startup: float,
    startup_jobs: float,
    rss_bytes: int,
) -> LookupFigures:
    results = rounds.results
    return LookupFigures(
        service=median_round(results["service"]),
        bare=median_round(results["bare"]),
        platform=median_round(results["platform"]),
        rounds=results,
        body_bytes=len(answer),
        estimated=json.loads(answer).get("estimated_admission") is not None,
        startup_s=startup,
        startup_jobs_s=startup_jobs,
        service_rss_bytes=rss_bytes,
        database_cpu=rounds.database_cpu,
    )


async def measure_lookups(
    *,
    mongo_url: str,
    database: str,
    amqp_url: str,
    registry_file: Path,
    sample: list[tuple[str, str]],
    seconds: float,
    rounds: int,
    connections: int,
    workdir: Path,
    database_pid: int | None = None,
) -> LookupFigures:
    """The service and both baselines run side by side and take the load in
    turn, ``rounds`` times: a drift in the machine's speed (a shared host)
    then touches all three alike instead of whichever ran last."""
    plan = LoadPlan(lookup_bodies(sample), seconds, rounds, connections, workdir)
    env, namespace, port = _service_env(mongo_url, database, amqp_url, registry_file)
    log = workdir / "queue-service.log"
    started = time.perf_counter()
    service = await asyncio.to_thread(spawn, ["-m", "services.queue"], env, log)
    base = f"http://127.0.0.1:{port}"
    baselines: list[subprocess.Popen[bytes]] = []
    try:
        startup, startup_jobs = await _wait_started(base, service, log, started)
        answer = _first_lookup(f"{base}/v1/queue/lookup", plan.bodies[0])
        urls = {"service": f"{base}/v1/queue/lookup"}
        urls.update(await _start_baselines(len(answer), baselines))
        results = await _run_rounds(urls, plan, database_pid)
        service_rss = rss(service.pid)
    finally:
        for server in baselines:
            await asyncio.to_thread(stop, server)
        await asyncio.to_thread(stop, service)
        await _delete_broker_objects(amqp_url, namespace)
    return _figures(results, answer, startup, startup_jobs, service_rss)
