from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from services.referral.domain.model import (
    Outcome,
    Patient,
    QueueUpdate,
    Referral,
    ReferralClosed,
    Status,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def referral() -> Referral:
    return Referral(
        id="r1",
        hospitalization_code="75-0000-0000-0",
        referring_facility_id="KZ-75-P01",
        practitioner_id="dr-1",
        patient=Patient("791028302728", "+77012345678", None, "ru", True),
        facility_id="KZ-75-M01",
        bed_profile="psychiatry",
        stay="round_the_clock",
        diagnosis="F20.0",
        finance_source="GOBMP",
        priority="planned",
        priority_reason=None,
        purpose="treatment",
        tests=(),
        planned_date=None,
        registered_at=T0,
        valid_until=date(2026, 5, 31),
    )


def update(status: Status, version: int | None, **details) -> QueueUpdate:
    return QueueUpdate(
        status=status,
        entry_id="e1",
        queue_id="KZ-75-M01:psychiatry",
        version=version,
        actor=details.pop("actor", "hospital:KZ-75-M01:clerk"),
        at=T0 + timedelta(hours=version or 0),
        **details,
    )


def statuses(r: Referral) -> list[Status]:
    return [entry.status for entry in r.history]


def test_the_usual_path_to_admission_is_recorded_step_by_step():
    r = referral()
    for version, status in enumerate(
        [Status.WAITING, Status.SCHEDULED, Status.ADMITTED, Status.DISCHARGED], 1
    ):
        assert r.apply_queue_update(update(status, version)) is Outcome.APPLIED
    assert r.status is Status.DISCHARGED
    assert statuses(r) == [
        Status.WAITING,
        Status.SCHEDULED,
        Status.ADMITTED,
        Status.DISCHARGED,
    ]
    assert r.version == 5
    assert all(entry.source == "queue" for entry in r.history)


def test_an_older_or_repeated_version_is_ignored():
    r = referral()
    r.apply_queue_update(update(Status.SCHEDULED, 3, scheduled_date=date(2026, 4, 1)))
    assert r.apply_queue_update(update(Status.WAITING, 2)) is Outcome.STALE
    assert r.apply_queue_update(update(Status.SCHEDULED, 3)) is Outcome.STALE
    assert r.status is Status.SCHEDULED
    assert r.queue is not None and r.queue.scheduled_date == date(2026, 4, 1)
    assert statuses(r) == [Status.SCHEDULED]


def test_rejection_keeps_the_hospitals_reason_code():
    r = referral()
    r.apply_queue_update(update(Status.REJECTED, 2, reason_code="contraindication"))
    assert r.status is Status.REJECTED
    assert (r.history[-1].reason_code, r.history[-1].note) == (
        "contraindication",
        None,
    )
    assert r.history[-1].actor == "hospital:KZ-75-M01:clerk"
    assert r.queue is not None and r.queue.reason_code == "contraindication"


def test_a_closed_referral_does_not_reopen():
    r = referral()
    r.apply_queue_update(update(Status.REJECTED, 2))
    assert r.apply_queue_update(update(Status.WAITING, 3)) is Outcome.NOT_ALLOWED
    assert r.status is Status.REJECTED


def test_no_show_returns_to_waiting_and_expired_can_be_reinstated():
    r = referral()
    r.apply_queue_update(update(Status.SCHEDULED, 2, scheduled_date=date(2026, 4, 1)))
    r.apply_queue_update(update(Status.WAITING, 3))
    assert r.status is Status.WAITING
    assert r.queue is not None and r.queue.scheduled_date is None
    r.apply_queue_update(
        update(Status.EXPIRED, 4, reinstatable_until=date(2026, 6, 30))
    )
    assert r.queue.reinstatable_until == date(2026, 6, 30)  # type: ignore[union-attr]
    assert r.apply_queue_update(update(Status.WAITING, 5)) is Outcome.APPLIED
    assert r.status is Status.WAITING


def test_a_new_date_for_a_scheduled_admission_is_a_change_in_history():
    r = referral()
    r.apply_queue_update(update(Status.SCHEDULED, 2, scheduled_date=date(2026, 4, 1)))
    r.apply_queue_update(update(Status.SCHEDULED, 3, scheduled_date=date(2026, 4, 8)))
    assert statuses(r) == [Status.SCHEDULED, Status.SCHEDULED]
    assert r.queue is not None and r.queue.scheduled_date == date(2026, 4, 8)


def test_the_same_status_again_changes_nothing_in_history():
    r = referral()
    r.apply_queue_update(update(Status.WAITING, 2))
    assert r.apply_queue_update(update(Status.WAITING, 3)) is Outcome.APPLIED
    assert statuses(r) == [Status.WAITING]
    assert r.queue is not None and r.queue.version == 3


def test_doctor_cancels_while_not_admitted():
    r = referral()
    r.apply_queue_update(update(Status.WAITING, 2))
    r.cancel("treated_elsewhere", "patient moved abroad", "doctor:dr-1", T0)
    assert r.status is Status.CANCELLED
    assert (r.history[-1].reason_code, r.history[-1].note) == (
        "treated_elsewhere",
        "patient moved abroad",
    )
    assert r.history[-1].source == "referral"
    assert not r.is_active


@pytest.mark.parametrize("closed", [Status.ADMITTED, Status.REJECTED, Status.CANCELLED])
def test_an_admitted_or_closed_referral_cannot_be_cancelled(closed):
    r = referral()
    r.apply_queue_update(update(closed, 2))
    with pytest.raises(ReferralClosed):
        r.cancel("patient_request", None, "doctor:dr-1", T0)
    assert r.status is closed


def test_the_queue_has_the_last_word_on_an_admission_that_crossed_a_cancel():
    r = referral()
    r.cancel("patient_request", None, "doctor:dr-1", T0)
    assert r.apply_queue_update(update(Status.ADMITTED, 4)) is Outcome.APPLIED
    assert r.status is Status.ADMITTED
    assert r.apply_queue_update(update(Status.WAITING, 5)) is Outcome.NOT_ALLOWED


def test_an_update_without_a_version_applies_when_the_step_is_allowed():
    r = referral()
    r.apply_queue_update(update(Status.WAITING, 4))
    assert r.apply_queue_update(update(Status.ADMITTED, None)) is Outcome.APPLIED
    assert r.queue is not None and r.queue.version == 4
