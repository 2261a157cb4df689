"""What a patient's lookup orders: leaving the queue, and the notices the
lookup sends (a one-time code, the warning that someone tried the code)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, kw_only=True)
class CancelByPatient:
    code: str
    iin: str
    reason_code: str
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class SendOneTimeCode:
    """Send the patient of ``code`` a one-time code (the referral's guess
    budget is spent and they gave the right IIN)."""

    code: str
    one_time_code: str = field(repr=False)
    expires_at: datetime


@dataclass(frozen=True, kw_only=True)
class WarnOfGuesses:
    """Tell the patient of ``code`` that someone tried to look it up."""

    code: str
    at: datetime
