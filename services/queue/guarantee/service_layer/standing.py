"""One entry against its profile's maximum wait, and the shorter queues it
could move to, straight from the book: O(log n) per queue asked (a
bisection of the other queue's order index), never a walk of entries.

The patient's place in another queue "keeping the original registration
time" is the rank there of the entry's own order key, plus one."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.queue.guarantee.service_layer.dependencies import Guarantees
from services.queue.waiting_list.domain.estimate import (
    Window,
    admission_window,
    band,
)
from services.queue.waiting_list.domain.guarantee import (
    GUARANTEED_STATUSES,
    Alternative,
    Standing,
    registered_day,
    shorter_waits,
    standing,
)
from services.queue.waiting_list.domain.ordering import queue_id
from services.queue.waiting_list.domain.queue_line import IndexedEntry
from shared.clock import iso


def own_window(g: Guarantees, entry: IndexedEntry, today: date) -> Window | None:
    """The entry's estimated admission window where it waits (None: not
    waiting, or no estimate)."""
    if entry.status != "waiting":
        return None
    line = entry.line
    found = g.pace.of_line(line, today)
    if found is None:
        return None
    return admission_window(line.position(entry.key), found, today)


def entry_standing(
    g: Guarantees, entry: IndexedEntry, today: date, window: Window | None
) -> Standing | None:
    """None when the profile has no maximum wait or the entry no longer
    waits (nor is scheduled)."""
    max_days = g.max_waits.get(entry.line.bed_profile)
    if max_days is None or entry.status not in GUARANTEED_STATUSES:
        return None
    scheduled = entry.scheduled_date if entry.status == "scheduled" else None
    registered_on = registered_day(entry.key, g.book.tz)
    return standing(max_days, registered_on, today, window, scheduled)


def alternatives(
    g: Guarantees, entry: IndexedEntry, today: date, own: Window | None
) -> list[Alternative]:
    """The hospitals of the entry's bed profile in its hospital's region
    (never its own) where its estimated wait would be shorter."""
    line = entry.line
    here = g.registry.get(line.facility_id)
    if here is None:
        return []
    options = []
    for facility in g.registry.hospitals(line.bed_profile, here.region):
        if facility.id == line.facility_id:
            continue
        other = g.book.line(queue_id(facility.id, line.bed_profile))
        found = g.pace.of_line(other, today) if other is not None else None
        if other is None or found is None:
            continue
        position = other.waiting.bisect_left(entry.key) + 1
        window = admission_window(position, found, today)
        options.append(Alternative(facility.id, position, window))
    return shorter_waits(own, options)


def window_band(window: Window | None) -> dict[str, object] | None:
    if window is None:
        return None
    return band(
        window.earliest.isoformat(),
        iso(window.latest),
        window.horizon.isoformat(),
    )


def standing_fields(found: Standing) -> dict[str, Any]:
    return {
        "max_wait_days": found.max_wait_days,
        "registered_on": found.registered_on.isoformat(),
        "deadline": found.deadline.isoformat(),
        "flag": found.flag,
        "days_over": found.days_over,
    }


def alternative_card(
    g: Guarantees, option: Alternative, language: str
) -> dict[str, Any]:
    facility = g.registry.get(option.facility_id)
    assert facility is not None  # the registry listed it
    return {
        "facility_id": option.facility_id,
        "name": facility.name_in(language),
        "address": facility.address_in(language),
        "phone": facility.phone,
        "position": option.position,
        "estimated_admission": window_band(option.window),
    }


def wait_guarantee(
    g: Guarantees, entry: IndexedEntry, language: str, *, always: bool = False
) -> dict[str, Any] | None:
    """The guarantee's part of the patient's and the doctor's answers: the
    maximum, the deadline, the flag and the alternatives (named in
    ``language``) when flagged, or ``always`` (the doctor's); None without a
    maximum for the profile, or once the entry neither waits nor is
    scheduled."""
    today = g.calendar.today()
    own = own_window(g, entry, today)
    found = entry_standing(g, entry, today, own)
    if found is None:
        return None
    wanted = always or found.flagged
    offered = alternatives(g, entry, today, own) if wanted else []
    return {
        **standing_fields(found),
        "alternatives": [alternative_card(g, o, language) for o in offered],
    }
