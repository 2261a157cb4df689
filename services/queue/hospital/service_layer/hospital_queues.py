"""A hospital's own queues and their beds, as the clerk sees them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.queue.hospital.service_layer.dependencies import Hospital
from services.queue.waiting_list.domain.beds import free_beds, room
from shared.reference.registry import BedProfile


class QueueNotFound(Exception):
    """The hospital has no beds of this profile (so no such queue of its)."""

    def __init__(self, facility_id: str, bed_profile: str):
        super().__init__(f"This hospital has no {bed_profile} beds.")
        self.facility_id = facility_id
        self.bed_profile = bed_profile


def bed_profile_of(
    hospital: Hospital, facility_id: str, bed_profile: str
) -> BedProfile:
    """The registry's entry of the hospital's beds, or QueueNotFound."""
    facility = hospital.registry.get(facility_id)
    profile = facility.bed_profiles.get(bed_profile) if facility else None
    if profile is None:
        raise QueueNotFound(facility_id, bed_profile)
    return profile


def beds_of(hospital: Hospital, facility_id: str, bed_profile: str) -> int:
    """The registry's bed count, or QueueNotFound."""
    return bed_profile_of(hospital, facility_id, bed_profile).beds


@dataclass(frozen=True)
class BedFigures:
    beds: int
    occupied: int
    booked: int

    @property
    def free(self) -> int:
        return free_beds(self.beds, self.occupied, self.booked)

    @property
    def beyond_beds(self) -> int:
        """Booked beyond the beds by a recorded override."""
        return max(0, -room(self.beds, self.occupied, self.booked))

    def as_json(self) -> dict[str, int]:
        return {
            "total": self.beds,
            "occupied": self.occupied,
            "booked": self.booked,
            "free": self.free,
            "booked_beyond_beds": self.beyond_beds,
        }


def bed_figures(hospital: Hospital, queue_id: str, beds: int, day: date) -> BedFigures:
    """From this replica's book (the same counts GET /v1/facilities shows)."""
    line = hospital.book.line(queue_id)
    if line is None:
        return BedFigures(beds, 0, 0)
    return BedFigures(beds, line.admitted, line.scheduled.get(day, 0))


def profiles_of(
    hospital: Hospital, facility_id: str, bed_profile: str | None = None
) -> dict[str, BedProfile]:
    """The hospital's bed profiles (only ``bed_profile`` when given: else
    QueueNotFound if it has none of those beds), in the registry's order."""
    facility = hospital.registry.get(facility_id)
    profiles = dict(facility.bed_profiles) if facility is not None else {}
    if bed_profile is None:
        return profiles
    if bed_profile not in profiles:
        raise QueueNotFound(facility_id, bed_profile)
    return {bed_profile: profiles[bed_profile]}
