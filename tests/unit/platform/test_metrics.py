"""Request metrics: counts per status, a cumulative latency histogram."""

from __future__ import annotations

from shared.http.metrics import RequestMetrics


def samples(metrics: RequestMetrics) -> dict[tuple[str, tuple], float]:
    found = {}
    for family in metrics.collect():
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_requests_are_counted_per_route_and_status():
    metrics = RequestMetrics()
    for status in (200, 200, 404):
        metrics.record("queue", "POST", "/v1/queue/lookup", status, 0.001)
    counted = samples(metrics)
    route = (("method", "POST"), ("route", "/v1/queue/lookup"), ("service", "queue"))
    assert counted[("kezek_http_requests_total", (*route, ("status", "200")))] == 2
    assert counted[("kezek_http_requests_total", (*route, ("status", "404")))] == 1


def test_latency_buckets_are_cumulative_with_the_sum_and_count():
    metrics = RequestMetrics()
    for seconds in (0.004, 0.005, 0.02, 9.0):
        metrics.record("queue", "GET", "/healthz", 200, seconds)
    found = samples(metrics)
    route = (("method", "GET"), ("route", "/healthz"), ("service", "queue"))

    def bucket(bound: str) -> float:
        return found[("kezek_http_request_seconds_bucket", (("le", bound), *route))]

    # an observation on a bound counts in that bound's bucket (le = "<=")
    assert bucket("0.005") == 2
    assert bucket("0.025") == 3
    assert bucket("5.0") == 3
    assert bucket("+Inf") == 4
    assert found[("kezek_http_request_seconds_count", route)] == 4
    assert abs(found[("kezek_http_request_seconds_sum", route)] - 9.029) < 1e-9
