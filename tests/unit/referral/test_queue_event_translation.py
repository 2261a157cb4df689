from __future__ import annotations

import json
from datetime import date

from services.referral.domain.model import Status
from services.referral.entrypoints.queue_events import (
    entry_update,
    queue_event_handlers,
)
from shared.contracts import decode, encode, new_event
from shared.messaging.topology import SUBSCRIPTIONS

BASE = {
    "entry_id": "e1",
    "referral_id": "r1",
    "hospitalization_code": "75-0000-0000-0",
    "queue_id": "KZ-75-M01:psychiatry",
    "facility_id": "KZ-75-M01",
    "referring_facility_id": "KZ-75-P01",
    "version": 4,
    "status": "waiting",
}


def received(event_type: str, **data):
    return decode(encode(new_event(event_type, {**BASE, **data}, "queue")))


def test_a_scheduled_admission_carries_its_date():
    command = entry_update(
        received(
            "queue.admission_scheduled", scheduled_date=date(2026, 4, 1), actor="h:1"
        )
    )
    assert command.referral_id == "r1"
    assert command.update.status is Status.SCHEDULED
    assert command.update.scheduled_date == date(2026, 4, 1)
    assert command.update.version == 4
    assert command.update.actor == "h:1"


def test_no_show_means_waiting_or_cancelled():
    back = entry_update(received("queue.no_show", returned_to_waiting=True))
    gone = entry_update(received("queue.no_show", returned_to_waiting=False))
    assert back.update.status is Status.WAITING
    assert gone.update.status is Status.CANCELLED


def test_a_rejection_carries_its_code():
    command = entry_update(
        received("queue.entry_rejected", reason_code="contraindication")
    )
    assert command.update.status is Status.REJECTED
    assert command.update.reason_code == "contraindication"


def test_an_entry_closed_by_an_emergency_elsewhere_cancels_with_its_code():
    command = entry_update(
        received("queue.entry_cancelled", reason_code="admitted_elsewhere")
    )
    assert command.update.status is Status.CANCELLED
    assert command.update.reason_code == "admitted_elsewhere"


def test_placement_keeps_the_estimate():
    command = entry_update(
        received(
            "queue.entry_placed",
            position=3,
            queue_length=10,
            estimated_admission={
                "earliest": date(2026, 4, 1),
                "latest": date(2026, 4, 9),
            },
        )
    )
    assert command.update.status is Status.WAITING
    assert command.update.estimated_latest == date(2026, 4, 9)


def test_an_estimate_past_the_horizon_keeps_its_earliest_day_and_no_latest():
    command = entry_update(
        received(
            "queue.entry_placed",
            position=900,
            queue_length=900,
            estimated_admission={
                "earliest": date(2026, 9, 1),
                "latest": None,
                "beyond_horizon": True,
                "horizon": date(2028, 3, 1),
            },
        )
    )
    assert command.update.estimated_earliest == date(2026, 9, 1)
    assert command.update.estimated_latest is None


def test_an_estimate_from_before_the_horizon_fields_still_loads():
    """Events of the first version carry no beyond_horizon and horizon."""
    data = {**BASE, "position": 3, "queue_length": 10, "estimated_admission": None}
    wire = json.loads(encode(new_event("queue.entry_placed", data, "queue")))
    band = {"earliest": "2026-04-01", "latest": "2026-04-09"}
    wire["data"]["estimated_admission"] = band
    old = decode(json.dumps(wire).encode())
    loaded = old.data["estimated_admission"]
    assert (loaded["beyond_horizon"], loaded["horizon"]) == (False, None)
    assert entry_update(old).update.estimated_latest == date(2026, 4, 9)


def test_reminders_milestones_and_emergencies_change_no_status():
    handled = queue_event_handlers(deps=None)  # type: ignore[arg-type]
    assert "queue.position_milestone" not in handled
    assert "queue.expiry_approaching" not in handled
    assert "queue.emergency_admitted" not in handled
    assert "queue.patient_admitted" in handled


def test_the_referral_service_takes_exactly_the_queue_events_it_handles():
    handled = queue_event_handlers(deps=None)  # type: ignore[arg-type]
    taken = SUBSCRIPTIONS["referral"]
    assert set(taken) == set(handled)
    assert all("*" not in key and "#" not in key for key in taken)
    assert "queue.verification_requested" not in taken
    assert "queue.lookup_guessed" not in taken
