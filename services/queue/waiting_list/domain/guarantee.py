"""The waiting-time guarantee: a bed profile's maximum wait (MAX_WAIT_DAYS)
and where an entry stands against it.

An entry's ``deadline`` is the local date (the queue's time zone) of its
registration plus the profile's maximum wait: admission on the deadline is
in time, a day later is not. Its ``flag``:

- ``in_breach``: still waiting and today is after the deadline, or scheduled
  for a day after it (or still scheduled on a day after it);
- ``breach_expected``: waiting, and even the estimate's ``earliest`` day is
  after the deadline;
- ``at_risk``: waiting, and the estimate's ``latest`` day is after the
  deadline, or the band reaches past the horizon;
- ``on_track``: the whole estimate (or the scheduled day) is on or before it;
- ``unknown``: waiting in a queue with too few recent admissions for an
  estimate, so nothing can be said until the deadline has passed.

``days_over``: for an entry in breach, the days already past the deadline
(or the scheduled day's); otherwise the days the estimate's latest day (the
horizon when beyond it) reaches past the deadline, 0 when it does not.

The patient and the referring facility are told once per level: ``at_risk``
(for ``at_risk`` and ``breach_expected``), then ``breached``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from services.queue.waiting_list.domain.estimate import Window
from services.queue.waiting_list.domain.ordering import unpack

IN_BREACH = "in_breach"
BREACH_EXPECTED = "breach_expected"
AT_RISK = "at_risk"
ON_TRACK = "on_track"
UNKNOWN = "unknown"
FLAGS = (IN_BREACH, BREACH_EXPECTED, AT_RISK, ON_TRACK, UNKNOWN)
FLAGGED = (IN_BREACH, BREACH_EXPECTED, AT_RISK)
"""The flags the bureau's list shows and the alternatives are offered for."""
TOLD_AT_RISK = "at_risk"
TOLD_BREACHED = "breached"
TOLD_LEVELS = (TOLD_AT_RISK, TOLD_BREACHED)
GUARANTEED_STATUSES = frozenset({"waiting", "scheduled"})


def registered_day(key: int, tz: tzinfo) -> date:
    """The local date of the registration an order key holds."""
    ms = unpack(key).registered_ms
    return datetime.fromtimestamp(ms / 1000, UTC).astimezone(tz).date()


def deadline_of(registered_on: date, max_wait_days: int) -> date:
    return registered_on + timedelta(days=max_wait_days)


@dataclass(frozen=True)
class Standing:
    """An entry against its profile's maximum wait."""

    max_wait_days: int
    registered_on: date
    deadline: date
    flag: str
    days_over: int

    @property
    def flagged(self) -> bool:
        return self.flag in FLAGGED


def judge(
    deadline: date,
    today: date,
    window: Window | None,
    scheduled_date: date | None = None,
) -> tuple[str, int]:
    """The flag and days over of an entry waiting with ``window`` (None: no
    estimate), or scheduled for ``scheduled_date``."""
    if scheduled_date is not None:
        last = max(scheduled_date, today)
        if last > deadline:
            return IN_BREACH, (last - deadline).days
        return ON_TRACK, 0
    if today > deadline:
        return IN_BREACH, (today - deadline).days
    if window is None:
        return UNKNOWN, 0
    reach = window.latest if window.latest is not None else window.horizon
    over = max(0, (reach - deadline).days)
    if window.earliest > deadline:
        return BREACH_EXPECTED, over
    if window.latest is None or window.latest > deadline:
        return AT_RISK, over
    return ON_TRACK, 0


def standing(
    max_wait_days: int,
    registered_on: date,
    today: date,
    window: Window | None,
    scheduled_date: date | None = None,
) -> Standing:
    deadline = deadline_of(registered_on, max_wait_days)
    flag, over = judge(deadline, today, window, scheduled_date)
    return Standing(max_wait_days, registered_on, deadline, flag, over)


def level_of(flag: str) -> str | None:
    """What the patient is told of for ``flag`` (None: nothing)."""
    if flag == IN_BREACH:
        return TOLD_BREACHED
    if flag in (AT_RISK, BREACH_EXPECTED):
        return TOLD_AT_RISK
    return None


def to_tell(flag: str, told: str | None) -> str | None:
    """The level to tell now, once: nothing already told, and nothing below
    a level told (a breach told is not followed by a risk)."""
    level = level_of(flag)
    if level is None or told in (level, TOLD_BREACHED):
        return None
    return level


@dataclass(frozen=True)
class Alternative:
    """Another hospital of the same profile and region, and the patient's
    estimated place there if the referral moved keeping its registration
    time."""

    facility_id: str
    position: int
    window: Window


def wait_rank(window: Window) -> tuple[int, int]:
    """Shorter waits first: by the latest day (past the horizon after every
    day within it), then the earliest."""
    latest = window.latest if window.latest is not None else window.horizon
    beyond = 1 if window.latest is None else 0
    return latest.toordinal() + beyond, window.earliest.toordinal()


def shorter_waits(
    own: Window | None, options: Iterable[Alternative]
) -> list[Alternative]:
    """The options whose estimated wait is shorter than ``own``, shortest
    first; every option when the entry has no estimate (nothing to compare
    with: each is shown with its own estimate, and a known wait says more
    than none)."""
    ranked = sorted(options, key=lambda o: (wait_rank(o.window), o.facility_id))
    if own is None:
        return ranked
    mine = wait_rank(own)
    return [option for option in ranked if wait_rank(option.window) < mine]
