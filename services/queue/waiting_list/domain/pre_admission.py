"""A test the patient must have taken before admission, valid until a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PreAdmissionTest:
    code: str
    valid_until: date
