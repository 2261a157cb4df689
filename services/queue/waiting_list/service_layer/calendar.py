""" "Now" and "today" for the queue service, from the clock it is given."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from datetime import time as midnight
from zoneinfo import ZoneInfo

from shared.clock import Clock, to_ms_precision, utc_now


class Calendar:
    def __init__(self, timezone: str, clock: Clock = utc_now):
        self.tz = ZoneInfo(timezone)
        self.clock = clock
        self._today: tuple[float, float, date] | None = None

    def now(self) -> datetime:
        """The clock at the millisecond precision MongoDB keeps."""
        return to_ms_precision(self.clock())

    def today(self) -> date:
        """The local date, kept until the local midnight that ends it (the
        real clock is read as a float: this runs on every lookup)."""
        now_s = time.time() if self.clock is utc_now else self.clock().timestamp()
        kept = self._today
        if kept is None or not kept[0] <= now_s < kept[1]:
            kept = self._today = self.day_bounds(now_s)
        return kept[2]

    def day_bounds(self, epoch_s: float) -> tuple[float, float, date]:
        """The local day holding ``epoch_s``: its first and its ending
        instant (epoch seconds), and its date."""
        day = datetime.fromtimestamp(epoch_s, self.tz).date()
        starts = datetime.combine(day, midnight(), self.tz)
        ends = datetime.combine(day + timedelta(days=1), midnight(), self.tz)
        return starts.timestamp(), ends.timestamp(), day
