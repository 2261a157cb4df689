"""Prints the benchmark's figures and their ratios against the targets."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from tests.bench.load import LoadResult


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)

    def say(self, text: str) -> None:
        self.lines.append(text)
        print(text, flush=True)

    def target(self, name: str, value: float, op: str, limit: float) -> None:
        met = value <= limit if op == "<=" else value >= limit
        self.say(
            f"  {name}: {value:.2f} (target {op} {limit}) {'MET' if met else 'MISSED'}"
        )


def load_line(label: str, result: LoadResult) -> str:
    return (
        f"{label}: {result.per_second:.0f} req/s, {result.requests} requests, "
        f"p50 {result.p50_ms:.2f} ms, p99 {result.p99_ms:.2f} ms, "
        f"non-2xx {result.non_2xx} ({result.tool})"
    )


def timing_line(label: str, timings_ms: list[float]) -> str:
    ordered = sorted(timings_ms)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return (
        f"{label}: median {statistics.median(ordered):.2f} ms, p90 {p90:.2f} ms, "
        f"min {ordered[0]:.2f} ms, max {ordered[-1]:.2f} ms "
        f"over {len(ordered)} removals"
    )
