"""The benchmark script runs end to end on a small size and prints every
figure (its timings are not asserted: this only proves the script works)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIGURES = (
    "indexes built before seeding:",
    "seed:",
    "rebuild:",
    "rebuild / bare scan:",
    "bytes per entry:",
    "service start (rebuild included):",
    "start-up expiry pass done",
    "rounds, service:",
    "lookup (service):",
    "bare aiohttp handler:",
    "shared platform app, same handler:",
    "lookup throughput / bare:",
    "lookup p99 ms:",
    "head removal,",
    "messages per removal (small queue",
    "messages per removal (big queue",
    "constant number of messages:",
)


def test_the_benchmark_runs_small_and_prints_its_figures(mongo_url, amqp_url):
    env = {
        **os.environ,
        "MONGO_URL": mongo_url,
        "AMQP_URL": amqp_url,
        "BENCH_ENTRIES": "2000",
        "BENCH_QUEUES": "20",
        "BENCH_DURATION_S": "1",
        "BENCH_ROUNDS": "1",
        "BENCH_CONNECTIONS": "4",
    }
    finished = subprocess.run(
        [sys.executable, "-m", "tests.bench.queue_bench"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    printed = finished.stdout
    missing = [figure for figure in FIGURES if figure not in printed]
    assert not missing, printed
    assert "2000 entries in 20 queues" in printed
    assert "messages per removal (big queue, 200): [4]" in printed
    failures = re.findall(r"non-2xx (\d+)", printed)
    assert failures and set(failures) == {"0"}, printed
