from datetime import date, timedelta

from services.queue.waiting_list.domain.estimate import (
    admission_window,
    throughput,
    wait_days,
)

TODAY = date(2026, 11, 20)


def history(per_day):
    return {TODAY - timedelta(days=d): per_day(d) for d in range(1, 29)}


def test_with_little_history_the_beds_give_the_pace():
    pace = throughput({}, TODAY, beds=180, typical_stay_days=24)
    assert pace.source == "capacity"
    assert (pace.low, pace.high) == (3.75, 7.5)


def test_with_enough_admissions_the_trailing_weeks_give_the_pace():
    pace = throughput(history(lambda d: 2), TODAY, beds=180, typical_stay_days=24)
    assert pace.source == "history"
    assert pace.low == pace.high == 2


def test_an_uneven_month_widens_the_band():
    uneven = history(lambda d: 4 if d <= 7 else 1)
    pace = throughput(uneven, TODAY, beds=None, typical_stay_days=None)
    assert pace.low < pace.high
    soonest, latest = wait_days(40, pace)
    assert soonest < latest


def test_nothing_known_gives_no_estimate():
    assert throughput({}, TODAY, beds=None, typical_stay_days=None) is None


def test_the_window_is_a_band_that_moves_with_the_position():
    pace = throughput(history(lambda d: 2), TODAY, beds=None, typical_stay_days=None)
    near = admission_window(2, pace, TODAY)
    far = admission_window(60, pace, TODAY)
    assert TODAY < near.earliest <= near.latest
    assert far.earliest == TODAY + timedelta(days=30)
    assert near.latest < far.earliest


def test_the_horizon_is_capped():
    pace = throughput({}, TODAY, beds=1, typical_stay_days=30)
    assert wait_days(100_000, pace) == (730, 730)
