"""The child processes the benchmark runs: starting, waiting for, probing and
stopping the queue service and the bare baselines."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from shared.embedded import free_port


def wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
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


def post(url: str, body: str) -> tuple[int, bytes]:
    request = urllib.request.Request(
        url, data=body.encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read()


def rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def spawn(
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


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_logged(
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


def cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU seconds of a process, from /proc."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def start_baseline(mode: str, size: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    arguments = ["-m", "tests.bench.bare_server", str(port), str(size), mode]
    server = await asyncio.to_thread(spawn, arguments, None, None)
    url = f"http://127.0.0.1:{port}/v1/queue/lookup"
    try:
        await asyncio.to_thread(_wait_bare, url, server)
    except BaseException:
        await asyncio.to_thread(stop, server)
        raise
    return server, url


def _wait_bare(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("bare server exited")
        try:
            post(url, "{}")
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError("bare server not ready")
