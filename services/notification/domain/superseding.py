"""What a patient message says when it replaces earlier ones, and until when
it may go.

A message about a change of the entry supersedes the referral's earlier ones
on its channel that still wait (for the morning, or for a retry): at the end
of quiet hours the patient gets one message with the current state. One
thing of theirs is carried on: a date that still holds and that the new
message does not replace. An expiry reminder overtaken in the night by a move
up the list keeps its deadline in the one message that goes; a cancellation,
an admission date or a new validity replaces it. Carried means: the entry is
still in the state it was then, the new notice names no date of its own, the
date is still ahead, and the two notices' parameters do not clash.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo

from services.notification.domain.model import Delivery
from services.notification.domain.notices import Notice
from services.notification.domain.schedule import end_of_day


@dataclass(frozen=True)
class Said:
    """What one message to the patient says: the event's notice and a dated
    notice carried over from a message it superseded. ``state`` is the
    entry's status it tells of (None: no change of the entry, as a lookup's
    messages)."""

    notice: Notice
    state: str | None = None
    carried: Notice | None = None

    @property
    def combined(self) -> Notice:
        """The notice to render: the carried one's parts follow the new
        headline, before the new notice's optional parts."""
        if self.carried is None:
            return self.notice
        head, *rest = self.notice.parts
        return replace(
            self.notice,
            parts=(head, *self.carried.parts, *rest),
            params={**self.carried.params, **self.notice.params},
        )

    @property
    def deadlines(self) -> tuple[Notice, ...]:
        said = (self.carried, self.notice)
        return tuple(n for n in said if n is not None and n.last_day is not None)

    def stale_at(self, zone: tzinfo) -> datetime | None:
        """The first moment something it says stops holding."""
        moments = [outdated_at(n, zone) for n in (self.notice, self.carried) if n]
        return min((m for m in moments if m is not None), default=None)


def outdated_at(notice: Notice, zone: tzinfo) -> datetime | None:
    """When ``notice`` stops holding: its expiry, or the end of its last day
    in ``zone`` (the bureau's local time)."""
    if notice.expires_at is not None:
        return notice.expires_at
    return None if notice.last_day is None else end_of_day(notice.last_day, zone)


def still_to_say(
    superseded: Iterable[Delivery],
    notice: Notice,
    state: str,
    *,
    now: datetime,
    zone: tzinfo,
) -> Notice | None:
    """The newest dated notice of the ``superseded`` messages that the new
    ``notice`` (about an entry now in ``state``) does not replace."""
    if notice.last_day is not None:
        return None
    holding = [
        dated
        for delivery in sorted(superseded, key=lambda d: d.created_at)
        if delivery.state == state
        for dated in delivery.deadlines
        if not dated.params.keys() & notice.params.keys()
        and (outdated_at(dated, zone) or now) > now
    ]
    return holding[-1] if holding else None
