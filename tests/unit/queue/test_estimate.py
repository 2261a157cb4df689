from datetime import date, timedelta

from services.queue.waiting_list.domain.estimate import (
    HORIZON_DAYS,
    Throughput,
    admission_window,
    band,
    throughput,
    wait_days,
)

TODAY = date(2026, 11, 20)
HORIZON = TODAY + timedelta(days=HORIZON_DAYS)


def history(per_day):
    return {TODAY - timedelta(days=d): per_day(d) for d in range(1, 29)}


def test_fewer_admissions_than_the_minimum_give_no_estimate():
    nine = {TODAY - timedelta(days=d): 1 for d in range(1, 10)}
    assert throughput(nine, TODAY, min_admissions=10) is None
    ten = {**nine, TODAY - timedelta(days=10): 1}
    assert throughput(ten, TODAY, min_admissions=10) is not None


def test_admissions_outside_the_window_do_not_count():
    old = {TODAY - timedelta(days=d): 5 for d in range(29, 40)}
    assert throughput(old, TODAY, window_days=28, min_admissions=10) is None


def test_with_enough_admissions_the_trailing_weeks_give_the_pace():
    pace = throughput(history(lambda d: 2), TODAY)
    assert pace is not None
    assert pace.low == pace.high == 2


def test_an_uneven_month_widens_the_band():
    uneven = history(lambda d: 4 if d <= 7 else 1)
    pace = throughput(uneven, TODAY)
    assert pace.low < pace.high
    soonest, latest = wait_days(40, pace)
    assert latest is not None and soonest < latest


def test_nothing_known_gives_no_estimate():
    assert throughput({}, TODAY) is None
    assert throughput({}, TODAY, min_admissions=0) is None


def test_the_window_is_a_band_that_moves_with_the_position():
    pace = throughput(history(lambda d: 2), TODAY)
    near = admission_window(2, pace, TODAY)
    far = admission_window(60, pace, TODAY)
    assert TODAY < near.earliest <= near.latest
    assert far.earliest == TODAY + timedelta(days=30)
    assert near.latest < far.earliest
    assert not far.beyond_horizon and far.horizon == HORIZON


def test_a_band_reaching_past_the_horizon_has_an_earliest_day_and_no_latest():
    pace = Throughput(low=0.2, high=1.0)
    assert wait_days(200, pace) == (200, None)
    window = admission_window(200, pace, TODAY)
    assert window.earliest == TODAY + timedelta(days=200)
    assert window.latest is None and window.beyond_horizon
    assert window.horizon == HORIZON


def test_even_the_earliest_day_is_never_past_the_horizon():
    pace = Throughput(low=0.01, high=0.02)
    assert wait_days(100_000, pace) == (HORIZON_DAYS, None)
    assert admission_window(100_000, pace, TODAY).earliest == HORIZON


def test_the_last_day_within_the_horizon_is_still_a_latest_date():
    pace = Throughput(low=1.0, high=2.0)
    assert wait_days(HORIZON_DAYS, pace) == (HORIZON_DAYS // 2, HORIZON_DAYS)
    assert wait_days(HORIZON_DAYS + 1, pace)[1] is None


def test_the_band_names_the_horizon_only_when_it_reaches_past_it():
    assert band(TODAY, TODAY, HORIZON) == {
        "earliest": TODAY,
        "latest": TODAY,
        "beyond_horizon": False,
        "horizon": None,
    }
    assert band(TODAY, None, HORIZON) == {
        "earliest": TODAY,
        "latest": None,
        "beyond_horizon": True,
        "horizon": HORIZON,
    }
