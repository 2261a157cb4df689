"""Request metrics: a count per (service, method, route, status) and a
latency histogram per (service, method, route), kept in plain dicts and
turned into Prometheus metrics only when ``/metrics`` is read.

prometheus_client's own Counter and Histogram take a lock on every
increment and walk the buckets in Python; a service answers requests on one
event loop, so the hot path here is two dict lookups and a bisection."""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from prometheus_client import REGISTRY
from prometheus_client.metrics_core import (
    CounterMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0)
COUNTED = ("service", "method", "route", "status")
TIMED = ("service", "method", "route")


class RequestMetrics(Collector):
    """Every service app of the process records here (one event loop)."""

    def __init__(self) -> None:
        self._counts: dict[tuple[str, str, str, int], int] = {}
        # per key: the count in each bucket (the last one is +Inf), then the sum
        self._latencies: dict[tuple[str, str, str], list[float]] = {}

    def record(
        self, service: str, method: str, route: str, status: int, seconds: float
    ) -> None:
        counted = (service, method, route, status)
        self._counts[counted] = self._counts.get(counted, 0) + 1
        timed = (service, method, route)
        latency = self._latencies.get(timed)
        if latency is None:
            latency = self._latencies[timed] = [0.0] * (len(BUCKETS) + 2)
        latency[bisect.bisect_left(BUCKETS, seconds)] += 1
        latency[-1] += seconds

    def collect(self) -> Iterator[Metric]:
        requests = CounterMetricFamily(
            "kezek_http_requests", "HTTP requests", labels=COUNTED
        )
        for (service, method, route, status), count in sorted(self._counts.items()):
            requests.add_metric([service, method, route, str(status)], count)
        yield requests
        latency = HistogramMetricFamily(
            "kezek_http_request_seconds", "HTTP request latency", labels=TIMED
        )
        for labels, counts in sorted(self._latencies.items()):
            cumulative: list[tuple[str, float]] = []
            total = 0.0
            for bound, in_bucket in zip((*BUCKETS, float("inf")), counts, strict=False):
                total += in_bucket
                cumulative.append((_bound_text(bound), total))
            latency.add_metric(list(labels), cumulative, sum_value=counts[-1])
        yield latency


def _bound_text(bound: float) -> str:
    return "+Inf" if bound == float("inf") else repr(bound)


REQUEST_METRICS = RequestMetrics()
REGISTRY.register(REQUEST_METRICS)
