"""HTTP load for the benchmark: wrk (Debian's package) with a Lua script that
posts random existing codes, or an aiohttp client loop when wrk is missing."""

from __future__ import annotations

import asyncio
import json
import random
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp

LUA = """
local bodies = {%s}
math.randomseed(os.time())
request = function()
  local body = bodies[math.random(#bodies)]
  return wrk.format("POST", "/v1/queue/lookup",
    {["Content-Type"] = "application/json"}, body)
end
"""


@dataclass(frozen=True)
class LoadResult:
    tool: str
    requests: int
    per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx: int


def lookup_bodies(sample: list[tuple[str, str]]) -> list[str]:
    return [json.dumps({"code": code, "iin": iin}) for code, iin in sample]


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse_wrk(output: str) -> LoadResult:
    def latency(label: str) -> float:
        found = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        return _ms(*found.groups()) if found else float("nan")

    total = re.search(r"(\d+) requests in", output)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return LoadResult(
        tool="wrk",
        requests=int(total.group(1)) if total else 0,
        per_second=float(rate.group(1)) if rate else 0.0,
        p50_ms=latency("50%"),
        p99_ms=latency("99%"),
        non_2xx=int(errors.group(1)) if errors else 0,
    )


def run_wrk(
    url: str, bodies: list[str], seconds: float, connections: int, workdir: Path
) -> LoadResult:
    script = workdir / "lookup.lua"
    script.write_text(LUA % ",".join(_lua_string(b) for b in bodies), encoding="utf-8")
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "-s",
        str(script),
        url,
    ]
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    return parse_wrk(output)


async def _python_load(
    url: str, bodies: list[str], seconds: float, connections: int
) -> LoadResult:
    latencies: list[float] = []
    failures = 0
    deadline = time.perf_counter() + seconds
    headers = {"Content-Type": "application/json"}

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal failures
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            async with session.post(
                url, data=random.choice(bodies), headers=headers
            ) as r:
                await r.read()
                failures += r.status >= 300
            latencies.append((time.perf_counter() - started) * 1000)

    began = time.perf_counter()
    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(worker(session) for _ in range(connections)))
    elapsed = time.perf_counter() - began
    latencies.sort()

    def pick(quantile: float) -> float:
        return latencies[min(len(latencies) - 1, int(quantile * len(latencies)))]

    return LoadResult(
        tool="python-aiohttp",
        requests=len(latencies),
        per_second=len(latencies) / elapsed,
        p50_ms=pick(0.50) if latencies else float("nan"),
        p99_ms=pick(0.99) if latencies else float("nan"),
        non_2xx=failures,
    )


async def run_load(
    url: str, bodies: list[str], seconds: float, connections: int, workdir: Path
) -> LoadResult:
    if shutil.which("wrk"):
        return await asyncio.to_thread(
            run_wrk, url, bodies, seconds, connections, workdir
        )
    return await _python_load(url, bodies, seconds, min(connections, 16))
