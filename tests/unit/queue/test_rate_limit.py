from services.queue.patients.adapters.token_buckets import TokenBuckets


class FakeTime:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_burst_is_allowed_then_the_caller_is_told_how_long_to_wait():
    time = FakeTime()
    buckets = TokenBuckets(rate_per_s=0.5, burst=3, clock=time)
    assert [buckets.take("ip") for _ in range(3)] == [0, 0, 0]
    assert buckets.take("ip") == 2
    time.now += 2
    assert buckets.take("ip") == 0
    assert buckets.take("other") == 0


def test_idle_buckets_are_forgotten_when_there_are_too_many():
    time = FakeTime()
    buckets = TokenBuckets(rate_per_s=1, burst=2, max_keys=10, clock=time)
    for i in range(10):
        buckets.take(f"k{i}")
    time.now += 5
    buckets.take("new")
    assert len(buckets) == 1


def test_a_busy_caller_is_not_forgotten_while_idle_ones_are():
    time = FakeTime()
    buckets = TokenBuckets(rate_per_s=0.001, burst=1, max_keys=3, clock=time)
    buckets.take("busy")
    time.now += 10_000
    buckets.take("idle1")
    buckets.take("idle2")
    buckets.take("busy")
    time.now += 1
    buckets.take("new")
    assert buckets.take("busy") > 0
