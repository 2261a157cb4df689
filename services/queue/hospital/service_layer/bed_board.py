"""A hospital's bed board: for each of its bed profiles, the beds, those
occupied now, the queue's length, and per day of the coming ones the beds
booked (scheduled admissions) and free. Read from this replica's book (the
counts the admissions list and GET /v1/facilities show): no database read."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from services.queue.hospital.service_layer.dependencies import Hospital
from services.queue.hospital.service_layer.hospital_queues import (
    bed_figures,
    profiles_of,
)
from services.queue.waiting_list.domain.ordering import queue_id as queue_of
from shared.reference.registry import BedProfile

BOARD_DAYS_MAX = 31
"""The furthest a board looks ahead (days, today included)."""


def _profile_board(
    hospital: Hospital, facility_id: str, name: str, profile: BedProfile, days: int
) -> dict[str, Any]:
    queue_id = queue_of(facility_id, name)
    today = hospital.calendar.today()
    figures = [
        bed_figures(hospital, queue_id, profile.beds, today + timedelta(days=n))
        for n in range(days)
    ]
    line = hospital.book.line(queue_id)
    return {
        "bed_profile": name,
        "queue_id": queue_id,
        "beds": profile.beds,
        "occupied": figures[0].occupied,
        "typical_stay_days": profile.typical_stay_days,
        "waiting": len(line) if line is not None else 0,
        "days": [
            {
                "date": (today + timedelta(days=n)).isoformat(),
                "booked": shown.booked,
                "free": shown.free,
                "booked_beyond_beds": shown.beyond_beds,
            }
            for n, shown in enumerate(figures)
        ],
    }


def bed_board(hospital: Hospital, facility_id: str, days: int) -> dict[str, Any]:
    """The board of the next ``days`` days (1 to BOARD_DAYS_MAX)."""
    return {
        "facility_id": facility_id,
        "date": hospital.calendar.today().isoformat(),
        "days": days,
        "profiles": [
            _profile_board(hospital, facility_id, name, profile, days)
            for name, profile in profiles_of(hospital, facility_id).items()
        ],
    }
