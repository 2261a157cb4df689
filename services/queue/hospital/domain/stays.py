"""A patient's stay in a bed: when it is expected to end and how long it has
lasted. The expected discharge is the admission day plus the bed profile's
typical stay (from the registry); days in count the nights since the
admission day (0 on that day)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Stay:
    admitted_on: date
    typical_days: int

    @property
    def expected_discharge(self) -> date:
        return self.admitted_on + timedelta(days=self.typical_days)

    def days_in(self, today: date) -> int:
        return max(0, (today - self.admitted_on).days)

    def overdue(self, today: date) -> bool:
        """The expected discharge day has passed."""
        return self.expected_discharge < today
