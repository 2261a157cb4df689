"""The beds of one queue (a hospital's bed profile) and who holds them.

An admitted patient (not yet discharged) occupies a bed; a scheduled entry
books a bed for its date. Free beds on a day are the registry's beds minus
the occupied ones minus those booked for that day. Every transition changes
the counts by a ``LedgerChange`` computed from what the entry held before and
holds after, so the counts are kept, never recounted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class BedHold:
    occupies: bool = False
    booked_on: date | None = None


NO_HOLD = BedHold()


def hold_of(status: str, scheduled_date: date | None) -> BedHold:
    """What an entry in ``status`` holds."""
    return BedHold(
        occupies=status == "admitted",
        booked_on=scheduled_date if status == "scheduled" else None,
    )


@dataclass(frozen=True)
class BedCounts:
    occupied: int
    booked: int


@dataclass(frozen=True)
class LedgerChange:
    occupied: int = 0
    booked: tuple[tuple[date, int], ...] = ()

    @property
    def empty(self) -> bool:
        return self.occupied == 0 and not self.booked


def ledger_change(before: BedHold, after: BedHold) -> LedgerChange:
    booked: dict[date, int] = {}
    if before.booked_on is not None:
        booked[before.booked_on] = booked.get(before.booked_on, 0) - 1
    if after.booked_on is not None:
        booked[after.booked_on] = booked.get(after.booked_on, 0) + 1
    return LedgerChange(
        occupied=int(after.occupies) - int(before.occupies),
        booked=tuple(sorted((d, n) for d, n in booked.items() if n)),
    )


def room(beds: int, occupied: int, booked: int) -> int:
    """Beds still to give on a day; negative when booked beyond the beds
    (only a pull with a recorded override does that)."""
    return beds - occupied - booked


def free_beds(beds: int, occupied: int, booked: int) -> int:
    """Free beds as shown to people: never below zero."""
    return max(0, room(beds, occupied, booked))
