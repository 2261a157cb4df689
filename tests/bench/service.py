"""Runs the real queue service (``python -m services.queue``) and the bare
baseline as processes and drives both with the same load."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import aio_pika

from services.queue.settings import QueueSettings
from shared.embedded import free_port
from shared.runtime import topology_for
from tests.bench.load import LoadResult, lookup_bodies, run_load

UNLIMITED = str(10**12)


@dataclass(frozen=True)
class LookupFigures:
    """Each target's median round (by requests per second), every round, and
    what the service did before the load began."""

    service: LoadResult
    bare: LoadResult
    platform: LoadResult
    rounds: dict[str, list[LoadResult]]
    body_bytes: int
    startup_s: float
    startup_jobs_s: float
    service_rss_bytes: int
    database_cpu: float | None


def median_round(results: list[LoadResult]) -> LoadResult:
    return sorted(results, key=lambda r: r.per_second)[len(results) // 2]


def _wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} not ready in {timeout:.0f} s")


def _post(url: str, body: str) -> tuple[int, bytes]:
    request = urllib.request.Request(
        url, data=body.encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read()


def _rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def _spawn(
    arguments: list[str], env: dict[str, str] | None, log: Path | None
) -> subprocess.Popen[bytes]:
    """A Python child process; output to ``log`` (appended) or discarded."""
    out = log.open("ab") if log else subprocess.DEVNULL
    try:
        return subprocess.Popen(
            [sys.executable, *arguments], env=env, stdout=out, stderr=out
        )
    finally:
        if log:
            out.close()  # type: ignore[union-attr]


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


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
    bodies = lookup_bodies(sample)
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
    log = workdir / "queue-service.log"
    started = time.perf_counter()
    service = await asyncio.to_thread(_spawn, ["-m", "services.queue"], env, log)
    base = f"http://127.0.0.1:{port}"
    baselines: list[subprocess.Popen[bytes]] = []
    try:
        await asyncio.to_thread(_wait_ready, f"{base}/readyz", service, 900)
        startup = time.perf_counter() - started
        # The start-up expiry pass scans the entries in the database, which
        # here shares the machine's two cores: measure after it.
        await asyncio.to_thread(_wait_logged, log, STARTUP_JOB_DONE, service, 1800)
        startup_jobs = time.perf_counter() - started
        status, answer = _post(f"{base}/v1/queue/lookup", bodies[0])
        if status != 200 or "position" not in json.loads(answer):
            raise RuntimeError(f"lookup answered {status}: {answer[:200]!r}")
        urls = {"service": f"{base}/v1/queue/lookup"}
        for mode in ("bare", "platform"):
            server, url = await _start_baseline(mode, len(answer))
            baselines.append(server)
            urls[mode] = url
        for url in urls.values():
            await run_load(url, bodies, min(2.0, seconds), connections, workdir)
        results: dict[str, list[LoadResult]] = {name: [] for name in urls}
        busy = _cpu_seconds(database_pid)
        in_service_s = 0.0
        for _ in range(rounds):
            for name, url in urls.items():
                began = time.perf_counter()
                results[name].append(
                    await run_load(url, bodies, seconds, connections, workdir)
                )
                if name == "service":
                    in_service_s += time.perf_counter() - began
        database_cpu = None
        if busy is not None:
            # CPU the database server used over all the rounds, per second of
            # the service's own rounds (the baselines never touch it).
            database_cpu = (_cpu_seconds(database_pid) or 0.0) - busy
            database_cpu /= max(in_service_s, 1e-9)
        rss = _rss(service.pid)
    finally:
        for server in baselines:
            await asyncio.to_thread(_stop, server)
        await asyncio.to_thread(_stop, service)
        await _delete_broker_objects(amqp_url, namespace)
    return LookupFigures(
        service=median_round(results["service"]),
        bare=median_round(results["bare"]),
        platform=median_round(results["platform"]),
        rounds=results,
        body_bytes=len(answer),
        startup_s=startup,
        startup_jobs_s=startup_jobs,
        service_rss_bytes=rss,
        database_cpu=database_cpu,
    )


STARTUP_JOB_DONE = ("expiry_job_done", "expiry_job_failed")


def _wait_logged(
    log: Path, words: tuple[str, ...], process: subprocess.Popen[bytes], timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the service exited with {process.returncode}")
        text = log.read_text(errors="replace") if log.exists() else ""
        if any(word in text for word in words):
            return
        time.sleep(0.5)
    raise TimeoutError(f"none of {words} logged in {timeout:.0f} s")


def _cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU seconds of a process, from /proc."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _start_baseline(mode: str, size: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    arguments = ["-m", "tests.bench.bare_server", str(port), str(size), mode]
    server = await asyncio.to_thread(_spawn, arguments, None, None)
    url = f"http://127.0.0.1:{port}/v1/queue/lookup"
    try:
        await asyncio.to_thread(_wait_bare, url, server)
    except BaseException:
        await asyncio.to_thread(_stop, server)
        raise
    return server, url


def _wait_bare(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("bare server exited")
        try:
            _post(url, "{}")
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError("bare server not ready")
