"""What one transaction of the referral service may use: the referrals,
the one-active guard per patient and bed profile, and the answers kept for
an ``Idempotency-Key`` (:class:`ReferralChange`). The Mongo adapters are in
``adapters/mongo_referrals.py``, the memory ones in
``adapters/memory_referrals.py``."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import date, datetime

from services.referral.domain.model import Referral
from shared.idempotency import Answers
from shared.unit_of_work import Change


class CodeTaken(Exception):
    """The new referral's code is already in use (about 1 in 10^12)."""


class StaleWrite(Exception):
    """The referral changed since it was read."""


class AlreadyHeld(Exception):
    """The patient's guard for the bed profile is held already (another
    transaction took it first: running again sees who holds it)."""


@dataclass(frozen=True)
class ReferralFilter:
    facility_id: str
    status: str | None = None
    hospitalization_code: str | None = None
    iin: str | None = None
    practitioner_id: str | None = None
    """Only this practitioner's referrals (the doctor's "mine")."""


@dataclass(frozen=True)
class ReferralSummary:
    """A line of the doctor's list (``iin`` in full: the view masks it)."""

    id: str
    hospitalization_code: str
    status: str
    facility_id: str
    bed_profile: str
    stay: str
    priority: str
    registered_at: datetime
    valid_until: date
    updated_at: datetime
    iin: str
    scheduled_date: date | None = None
    estimated_earliest: date | None = None
    estimated_latest: date | None = None
    """The queue's last word: the day booked, or the window it expects."""


@dataclass(frozen=True)
class ActiveHolder:
    referral_id: str
    hospitalization_code: str
    referring_facility_id: str


class Referrals(ABC):
    @abstractmethod
    async def get(self, referral_id: str) -> Referral | None: ...

    @abstractmethod
    async def add(self, referral: Referral) -> None:
        """Store a new referral; CodeTaken if its code is in use."""

    @abstractmethod
    async def save(self, referral: Referral, expected_version: int) -> None:
        """Store a changed referral; StaleWrite unless the stored one is
        still at ``expected_version``."""

    @abstractmethod
    async def of_facility(self, referral_id: str, facility_id: str) -> Referral | None:
        """The referral, if ``facility_id`` referred it."""

    @abstractmethod
    async def summaries(
        self, where: ReferralFilter, offset: int, limit: int
    ) -> list[ReferralSummary]:
        """The filter's referrals, newest registration first (ties: the
        greater id first), skipping ``offset``, at most ``limit``."""


class ActiveReferrals(ABC):
    """One guard per patient and bed profile while a referral is active."""

    @abstractmethod
    async def holder(self, referral: Referral) -> ActiveHolder | None:
        """Who holds the guard of the referral's patient and bed profile."""

    @abstractmethod
    async def hold(self, referral: Referral) -> None:
        """Take the guard for ``referral``; AlreadyHeld if it is taken."""

    @abstractmethod
    async def release(self, referral: Referral) -> None:
        """Give the guard up, if ``referral`` holds it."""


class ReferralChange(Change):
    def __init__(
        self, referrals: Referrals, active: ActiveReferrals, answers: Answers
    ) -> None:
        super().__init__()
        self.referrals = referrals
        self.active = active
        self.answers = answers
