"""Which queue events tell the patient, and what (the referring facility's
webhooks are in ``facility_webhooks.py``).

A notice names catalogue entries: the first part is required, the others
are optional and listed most important first (SMS shortening drops them from
the end); the e-mail subject and the SMS that replaces a too long one have
their own. Parameters are the hospitalization code, dates, positions and,
in its own message only, a one-time code.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

ADMITTED_ELSEWHERE = "admitted_elsewhere"


@dataclass(frozen=True)
class Notice:
    kind: str
    parts: tuple[str, ...]
    params: dict[str, str] = field(default_factory=dict)
    subject: str = "email.subject"
    short: str = "status.short"
    any_hour: bool = False
    """Sent at once even in quiet hours (a one-time code is wanted now)."""
    last_day: date | None = None
    """The last day its dates hold (an admission date, a deadline): a
    message still waiting after it is not sent."""
    expires_at: datetime | None = None
    """The moment it stops being true (a one-time code's expiry)."""


NoticeBuilder = Callable[[Mapping[str, Any]], Notice | None]


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def format_date(value: date | str) -> str:
    return _as_date(value).strftime("%d.%m.%Y")


def format_window(earliest: date | str, latest: date | str) -> str:
    """``01.03-15.03.2025``; the year twice only when the window spans two."""
    first, last = (_as_date(earliest), _as_date(latest))
    start = "%d.%m" if first.year == last.year else "%d.%m.%Y"
    return f"{first.strftime(start)}-{last.strftime('%d.%m.%Y')}"


def _window_part(estimate: Mapping[str, Any]) -> tuple[str, dict[str, str]]:
    """The estimate's part of a message and its parameters: a band; or, past
    the horizon, not before the earliest day (and possibly later than the
    horizon, unless the earliest day is the horizon itself)."""
    earliest, latest = estimate["earliest"], estimate.get("latest")
    if latest is not None:
        return "placed.window", {"window": format_window(earliest, latest)}
    horizon = estimate.get("horizon") or earliest
    if _as_date(earliest) >= _as_date(horizon):
        return "placed.window_after", {"earliest": format_date(earliest)}
    dates = {"earliest": format_date(earliest), "horizon": format_date(horizon)}
    return "placed.window_beyond", dates


def _placed(data: Mapping[str, Any]) -> Notice:
    params = {
        "position": str(data["position"]),
        "queue_length": str(data["queue_length"]),
    }
    parts = ["placed.headline", "placed.position"]
    estimate = data.get("estimated_admission")
    if estimate:
        part, dates = _window_part(estimate)
        params.update(dates)
        parts.append(part)
    return Notice("placed", tuple(parts), params)


def _moved(data: Mapping[str, Any]) -> Notice:
    """As a placement, in another hospital's queue (which the text does not
    name, as no text names a hospital)."""
    placed = _placed(data)
    return replace(placed, kind="moved", parts=("moved.headline", *placed.parts[1:]))


def _no_show(data: Mapping[str, Any]) -> Notice:
    if data["returned_to_waiting"]:
        parts = ("no_show_kept.headline", "no_show_kept.detail", "no_show_kept.next")
        return Notice("no_show_kept", parts)
    return Notice("no_show_closed", ("no_show_closed.headline", "no_show_closed.next"))


def _milestone(data: Mapping[str, Any]) -> Notice:
    """The queue emits a milestone when an entry crosses one (10, 3, 1 by
    default); a pull of several can jump past it, so the text names the
    position the patient now has."""
    parts = ("milestone.headline", "milestone.next")
    return Notice("milestone", parts, {"position": str(data["position"])})


def _cancelled(data: Mapping[str, Any]) -> Notice:
    """An entry closed because the patient was admitted in an emergency gets
    the thank-you, not a cancellation with what to do next; the patient's
    own cancellation says until when their doctor can undo it."""
    if data.get("reason_code") == ADMITTED_ELSEWHERE:
        return Notice("admitted", ("admitted.headline", "admitted.next"))
    until = data.get("reinstatable_until")
    if until:
        parts = ("cancelled.headline", "cancelled.restorable")
        return Notice("cancelled", parts, {"until": format_date(until)})
    return Notice("cancelled", ("cancelled.headline", "cancelled.next"))


def _reordered(data: Mapping[str, Any]) -> Notice | None:
    """The doctor changed the priority: a waiting patient hears the new
    place (never why, nor the priority); a scheduled one keeps the date and
    is not told."""
    if data.get("position") is None:
        return None
    placed = _placed(data)
    return replace(
        placed, kind="reordered", parts=("reordered.headline", *placed.parts[1:])
    )


def _simple(kind: str, *optional: str, **dates: str) -> NoticeBuilder:
    """Its ``dates`` (parameter = event field) are ahead of the patient (an
    admission, a deadline): once the last has passed it is not sent."""

    def build(data: Mapping[str, Any]) -> Notice:
        params = {name: format_date(data[source]) for name, source in dates.items()}
        parts = (f"{kind}.headline", *(f"{kind}.{p}" for p in optional))
        last_day = max((_as_date(data[s]) for s in dates.values()), default=None)
        return Notice(kind, parts, params, last_day=last_day)

    return build


def _wait(kind: str) -> NoticeBuilder:
    """The waiting-time guarantee: the maximum in days and the deadline, and
    that the doctor can move the referral (never the kind of care or of the
    hospitals: those are on the status page, behind the code and the IIN)."""

    def build(data: Mapping[str, Any]) -> Notice:
        params = {
            "days": str(data["max_wait_days"]),
            "deadline": format_date(data["deadline"]),
        }
        return Notice(kind, (f"{kind}.headline", "wait.move"), params)

    return build


PATIENT_NOTICES: dict[str, NoticeBuilder] = {
    "queue.entry_placed": _placed,
    "queue.entry_moved": _moved,
    "queue.admission_scheduled": _simple("scheduled", "next", date="scheduled_date"),
    "queue.position_milestone": _milestone,
    "queue.expiry_approaching": _simple("expiry", "next", date="valid_until"),
    "queue.no_show": _no_show,
    "queue.entry_rejected": _simple("rejected", "next"),
    "queue.entry_cancelled": _cancelled,
    "queue.entry_expired": _simple("expired", "next", until="reinstatable_until"),
    "queue.entry_reinstated": _simple("reinstated", "validity", date="valid_until"),
    "queue.entry_renewed": _simple("renewed", "next", date="valid_until"),
    "queue.patient_admitted": _simple("admitted", "next"),
    "queue.entry_reordered": _reordered,
    "queue.wait_at_risk": _wait("wait_at_risk"),
    "queue.wait_breached": _wait("wait_breached"),
}
HANDLED_EVENTS = tuple(PATIENT_NOTICES)
CLOSING_EVENTS = frozenset(
    {"queue.patient_admitted", "queue.entry_rejected", "queue.entry_cancelled"}
)
"""After these the patient's phone and e-mail are no longer needed, unless
the closure can still be undone (``reinstatable_until``): then the patient
must hear of the reinstatement, as after an expiry."""


def closes_for_good(event_type: str, data: Mapping[str, Any]) -> bool:
    return event_type in CLOSING_EVENTS and not data.get("reinstatable_until")


def patient_notice(event_type: str, data: Mapping[str, Any]) -> Notice | None:
    build = PATIENT_NOTICES.get(event_type)
    return build(data) if build is not None else None


def _one_time_code(data: Mapping[str, Any], now: datetime) -> Notice | None:
    """None once the code has expired: a late message would only confuse."""
    left_s = (data["expires_at"] - now).total_seconds()
    if left_s <= 0:
        return None
    return Notice(
        "one_time_code",
        ("one_time_code.headline", "one_time_code.validity", "one_time_code.secret"),
        {
            "one_time_code": data["one_time_code"],
            "minutes": str(math.ceil(left_s / 60)),
        },
        subject="one_time_code.subject",
        short="one_time_code.short",
        any_hour=True,
        expires_at=data["expires_at"],
    )


def _guessed(data: Mapping[str, Any], now: datetime) -> Notice:
    parts = ("guessed.headline", "guessed.next")
    return Notice("guessed", parts, subject="guessed.subject", short="guessed.short")


LOOKUP_NOTICES: dict[str, Callable[[Mapping[str, Any], datetime], Notice | None]] = {
    "queue.verification_requested": _one_time_code,
    "queue.lookup_guessed": _guessed,
}
"""The patient lookup's own events: not changes of the entry (no version)."""


def lookup_notice(
    event_type: str, data: Mapping[str, Any], now: datetime
) -> Notice | None:
    return LOOKUP_NOTICES[event_type](data, now)
