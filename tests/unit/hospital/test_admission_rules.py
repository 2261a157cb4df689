"""A pull's rules and an emergency admission, in the domain alone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.queue.hospital.domain.admissions import (
    BOOKING_HORIZON_DAYS,
    UnbookableDate,
    earliest_test_expiry,
    lapses_before_admission,
    pull_limit,
    require_bookable,
)
from services.queue.hospital.domain.emergencies import (
    ADMITTED_ELSEWHERE,
    EMERGENCY_ADMISSION,
    admit_emergency,
    close_as_admitted_elsewhere,
)
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.pre_admission import PreAdmissionTest
from services.queue.waiting_list.domain.status import InvalidTransition, Status
from tests.unit.queue.builders import T0, entry

CLERK = Actor("hospital", "KZ-75-M01:clerk-1")
DAY = date(2026, 11, 10)


def test_a_pull_is_limited_by_the_room_left_unless_overridden():
    assert pull_limit(5, 3, override=False) == 3
    assert pull_limit(2, 3, override=False) == 2
    assert pull_limit(4, -1, override=False) == 0
    assert pull_limit(4, 0, override=True) == 4


def test_tests_lapse_when_one_is_no_longer_valid_on_the_day():
    tests = (
        PreAdmissionTest("ecg", DAY),
        PreAdmissionTest("complete_blood_count", DAY + timedelta(9)),
    )
    ready = entry(tests=tests)
    assert not lapses_before_admission(ready, DAY) and lapses_before_admission(
        ready, DAY + timedelta(days=1)
    )
    assert earliest_test_expiry(ready) == DAY
    assert (
        not lapses_before_admission(entry(), DAY)
        and earliest_test_expiry(entry()) is None
    )


def test_a_booking_beyond_the_beds_carries_its_override_code_and_keeps_the_note():
    change = entry(placed_seq=1).schedule(DAY, CLERK, T0, "ward 3", "extra_bed")
    assert change.reason_code is None and change.note == "ward 3"
    assert change.details() == {
        "scheduled_date": DAY,
        "override_reason_code": "extra_bed",
    }


def test_an_admission_is_given_for_today_up_to_a_year_ahead():
    require_bookable(DAY, DAY)
    require_bookable(DAY + timedelta(days=BOOKING_HORIZON_DAYS), DAY)
    with pytest.raises(UnbookableDate, match="before today"):
        require_bookable(DAY - timedelta(days=1), DAY)
    with pytest.raises(UnbookableDate, match="within the coming year"):
        require_bookable(DAY + timedelta(days=BOOKING_HORIZON_DAYS + 1), DAY)
    with pytest.raises(UnbookableDate):
        require_bookable(date.max, DAY)


def test_an_emergency_arrives_admitted_and_never_waits():
    admitted, change = admit_emergency(
        admission_id="a1b2",
        iin="791028302728",
        iin_digest="00" * 32,
        facility_id="KZ-71-M01",
        bed_profile="psychiatry",
        seq=7,
        actor=CLERK,
        at=T0,
        today=T0.date(),
    )
    assert (admitted.status, admitted.version, admitted.kind) == (
        Status.ADMITTED,
        1,
        "emergency",
    )
    assert admitted.queue_id == "KZ-71-M01:psychiatry" and admitted.seq == 7
    assert (change.from_status, change.to_status) == (None, "admitted")
    assert not change.joined_waiting and not change.left_waiting
    assert change.details() == {} and change.reason_code == EMERGENCY_ADMISSION
    assert admitted.discharge(CLERK, T0).to_status == "discharged"


def test_an_open_entry_is_closed_as_admitted_elsewhere():
    waiting = entry(placed_seq=1)
    closing = close_as_admitted_elsewhere(waiting, CLERK, T0, "KZ-71-M01", DAY)
    assert (closing.to_status, closing.reason_code, closing.actor) == (
        "cancelled",
        ADMITTED_ELSEWHERE,
        CLERK,
    )
    assert closing.reinstatable_until == waiting.reinstatable_until == DAY
    assert closing.left_waiting
    assert waiting.admitting_facility_id == "KZ-71-M01"
    admitted = entry(placed_seq=2)
    admitted.schedule(DAY, CLERK, T0)
    admitted.admit(CLERK, T0)
    with pytest.raises(InvalidTransition):
        close_as_admitted_elsewhere(admitted, CLERK, T0, "KZ-71-M01", DAY)
    assert admitted.admitting_facility_id is None
