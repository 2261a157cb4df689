from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from services.queue.waiting_list.domain.ordering import (
    epoch_ms,
    order_key,
    queue_id,
    unpack,
)
from shared.clock import to_ms_precision

T0 = datetime(2026, 11, 2, 6, 0, tzinfo=UTC)


def test_queue_is_one_per_hospital_and_bed_profile():
    assert queue_id("KZ-75-M01", "psychiatry") == "KZ-75-M01:psychiatry"


def test_urgent_referral_goes_ahead_of_planned_registered_earlier():
    planned_long_ago = order_key("planned", epoch_ms(T0 - timedelta(days=300)), 1)
    urgent_now = order_key("urgent", epoch_ms(T0), 2)
    assert urgent_now < planned_long_ago


def test_within_a_class_the_earlier_registration_comes_first():
    first = order_key("planned", epoch_ms(T0), 9)
    second = order_key("planned", epoch_ms(T0 + timedelta(milliseconds=1)), 1)
    assert first < second


def test_same_class_and_moment_are_ordered_by_sequence():
    keys = [order_key("planned", epoch_ms(T0), seq) for seq in (3, 1, 2)]
    assert sorted(keys) == [keys[1], keys[2], keys[0]]


@given(
    st.sampled_from(["urgent", "planned"]),
    st.integers(min_value=0, max_value=2**43 - 1),
    st.integers(min_value=0, max_value=2**30 - 1),
)
def test_a_key_unpacks_to_what_it_was_packed_from(priority, ms, seq):
    parts = unpack(order_key(priority, ms, seq))
    assert (parts.priority, parts.registered_ms, parts.seq) == (priority, ms, seq)


@given(
    st.tuples(
        st.sampled_from(["urgent", "planned"]),
        st.integers(min_value=0, max_value=2**43 - 1),
        st.integers(min_value=0, max_value=2**30 - 1),
    ),
    st.tuples(
        st.sampled_from(["urgent", "planned"]),
        st.integers(min_value=0, max_value=2**43 - 1),
        st.integers(min_value=0, max_value=2**30 - 1),
    ),
)
def test_keys_sort_like_priority_then_time_then_sequence(a, b):
    rank = {"urgent": 0, "planned": 1}
    by_tuple = (rank[a[0]], a[1], a[2]) < (rank[b[0]], b[1], b[2])
    assert (order_key(*a) < order_key(*b)) == by_tuple


def test_a_key_stays_a_small_integer():
    key = order_key("planned", epoch_ms(datetime(2100, 1, 1, tzinfo=UTC)), 2**30 - 1)
    assert key.bit_length() <= 74


def test_milliseconds_are_exact_and_match_what_mongo_keeps():
    moment = datetime(2026, 11, 2, 6, 0, 0, 999_999, tzinfo=UTC)
    assert epoch_ms(moment) == epoch_ms(to_ms_precision(moment))
    assert to_ms_precision(moment).microsecond == 999_000
