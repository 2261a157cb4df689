from datetime import date, timedelta

import pytest

from services.queue.waiting_list.domain import events
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.pre_admission import PreAdmissionTest
from services.queue.waiting_list.domain.status import InvalidTransition, Status
from services.queue.waiting_list.domain.validity import (
    all_tests_valid_on,
    expiry_due,
    reminder_due,
)
from tests.unit.queue.builders import T0, entry

CLERK = Actor("hospital", "KZ-75-M01:clerk-1")
NOW = T0 + timedelta(days=3)
TODAY = NOW.date()


def scheduled():
    made = entry(placed_seq=1)
    made.schedule(TODAY + timedelta(days=2), CLERK, NOW)
    return made


def test_placement_makes_a_waiting_entry_with_version_one():
    made = entry()
    change = made.place(7, T0)
    assert isinstance(change, events.EntryPlaced)
    assert (made.status, made.version, made.seq) == (Status.WAITING, 1, 7)
    assert (change.from_status, change.to_status) == (None, "waiting")
    with pytest.raises(InvalidTransition):
        made.place(8, T0)


def test_schedule_gives_a_date_and_leaves_the_waiting_line():
    made = entry(placed_seq=1)
    change = made.schedule(TODAY, CLERK, NOW, "bed free")
    assert isinstance(change, events.AdmissionScheduled)
    assert change.details() == {"scheduled_date": TODAY, "override_reason_code": None}
    assert change.left_waiting and change.actor == CLERK and change.note == "bed free"
    assert change.reason_code is None
    assert (made.status, made.version, made.scheduled_date) == ("scheduled", 2, TODAY)


def test_reschedule_needs_a_scheduled_entry():
    made = scheduled()
    change = made.reschedule(
        TODAY + timedelta(days=5), CLERK, NOW, "hospital_capacity", "surgeon away"
    )
    assert change.event_type == "queue.admission_scheduled"
    assert (change.reason_code, change.note) == ("hospital_capacity", "surgeon away")
    assert not change.left_waiting and made.version == 3
    with pytest.raises(InvalidTransition):
        entry(placed_seq=1).reschedule(TODAY, CLERK, NOW, "patient_request")


def test_admit_and_discharge():
    made = scheduled()
    admitted = made.admit(CLERK, NOW)
    assert isinstance(admitted, events.PatientAdmitted)
    assert made.status == "admitted" and made.admitted_at == NOW
    discharged = made.discharge(CLERK, NOW + timedelta(days=20))
    assert isinstance(discharged, events.PatientDischarged)
    assert made.status == "discharged" and made.closed_at is not None
    assert made.version == 4


def test_an_impossible_transition_says_the_current_state():
    made = entry(placed_seq=1)
    made.cancel(Actor("patient"), NOW, "no_longer_needed", "feel better")
    with pytest.raises(InvalidTransition) as raised:
        made.admit(CLERK, NOW)
    assert raised.value.status == "cancelled"
    assert made.version == 2


def test_first_no_show_returns_to_waiting_second_cancels():
    made = scheduled()
    key = made.order_key
    first = made.no_show(CLERK, NOW)
    assert first.details() == {"returned_to_waiting": True}
    assert first.joined_waiting
    assert made.status == "waiting" and made.scheduled_date is None
    assert made.order_key == key
    made.schedule(TODAY + timedelta(days=7), CLERK, NOW)
    assert first.reason_code is None
    second = made.no_show(CLERK, NOW, "did not answer the phone")
    assert second.details() == {"returned_to_waiting": False}
    assert (second.reason_code, second.note) == (
        "second_no_show",
        "did not answer the phone",
    )
    assert made.status == "cancelled" and made.closed_at == NOW


def test_reject_from_waiting_or_scheduled_with_a_reason_code():
    for made in (entry(placed_seq=1), scheduled()):
        change = made.reject("profile_mismatch", CLERK, NOW, "needs a different ward")
        assert change.details() == {}
        assert (change.reason_code, change.note) == (
            "profile_mismatch",
            "needs a different ward",
        )
        assert made.status == "rejected"
    with pytest.raises(InvalidTransition):
        made.reject("duplicate", CLERK, NOW)


def test_cancel_is_possible_from_every_open_state_only():
    for made in (entry(placed_seq=1), scheduled()):
        cancelled = made.cancel(CLERK, NOW, "patient_request")
        assert isinstance(cancelled, events.EntryCancelled)
    admitted = scheduled()
    admitted.admit(CLERK, NOW)
    with pytest.raises(InvalidTransition):
        admitted.cancel(Actor("patient"), NOW, "moved")


def test_expire_then_reinstate_within_the_window_keeps_the_place():
    made = entry(placed_seq=4, valid_until=TODAY - timedelta(days=1))
    key = made.order_key
    assert expiry_due(made, TODAY)
    expired = made.expire(NOW, TODAY, 30)
    assert expired.details() == {"reinstatable_until": TODAY + timedelta(days=30)}
    assert made.status == "expired" and expired.left_waiting
    back = made.reinstate(TODAY + timedelta(days=60), Actor("doctor", "d1"), NOW, TODAY)
    assert isinstance(back, events.EntryReinstated) and back.joined_waiting
    assert made.status == "waiting" and made.order_key == key
    assert made.valid_until == TODAY + timedelta(days=60) and made.closed_at is None


def test_reinstating_after_the_window_or_without_new_validity_is_refused():
    made = entry(placed_seq=1, valid_until=TODAY - timedelta(days=1))
    made.expire(NOW, TODAY, 30)
    with pytest.raises(InvalidTransition):
        made.reinstate(TODAY, CLERK, NOW, TODAY)
    late = TODAY + timedelta(days=31)
    with pytest.raises(InvalidTransition):
        made.reinstate(late + timedelta(days=30), CLERK, NOW, late)
    assert made.status == "expired"


def test_reminder_is_due_within_the_warning_days_once():
    made = entry(placed_seq=1, valid_until=TODAY + timedelta(days=7))
    assert reminder_due(made, TODAY, 7)
    assert not reminder_due(made, TODAY - timedelta(days=1), 7)
    made.expiry_reminded = True
    assert not reminder_due(made, TODAY, 7)


def test_pre_admission_tests_validity():
    made = entry(tests=(PreAdmissionTest("blood", date(2026, 11, 20)),))
    assert all_tests_valid_on(made, date(2026, 11, 20))
    assert not all_tests_valid_on(made, date(2026, 11, 21))


def test_actor_parsing_from_other_services():
    assert Actor.parse("doctor:KZ-75-P01:dr-7") == Actor("doctor", "KZ-75-P01:dr-7")
    assert Actor.parse("system") == Actor("system")
    assert Actor.parse("dr-house", default_role="doctor") == Actor("doctor", "dr-house")


def test_the_reasons_the_queue_gives_itself_are_documented_codes():
    from services.notification.domain import notices
    from services.queue.hospital.domain import emergencies
    from services.queue.waiting_list.domain import status
    from shared.contracts.reasons import SYSTEM_REASONS

    own = {
        status.SECOND_NO_SHOW,
        status.REFERRAL_EXPIRED,
        emergencies.ADMITTED_ELSEWHERE,
        emergencies.EMERGENCY_ADMISSION,
    }
    assert own == set(SYSTEM_REASONS)
    assert notices.ADMITTED_ELSEWHERE in SYSTEM_REASONS
    made = entry(placed_seq=1)
    assert made.expire(NOW, TODAY, 30).reason_code == status.REFERRAL_EXPIRED
