"""What the console asks of the other services, as a port: each call
carries the signed-in user's token and language. ``HttpApis`` calls their
public HTTP APIs; unit tests use a fake subclassing ``ServiceApis``."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

Json = dict[str, Any]


@dataclass(frozen=True)
class Caller:
    token: str
    language: str


class ApiRefused(Exception):
    """A 4xx from a service, in its one error shape: shown as a message."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        fields: dict[str, list[str]] | None = None,
    ):
        super().__init__(f"{status} {code}")
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields or {}

    def unplaced(self, placed: Iterable[str]) -> list[str]:
        """The messages about fields a form does not show (told at its top)."""
        shown = set(placed)
        return [
            message
            for name, messages in self.fields.items()
            if name not in shown
            for message in messages
        ]


class ApiUnavailable(Exception):
    """A service did not answer, or answered 5xx."""


class TokenRefused(Exception):
    """A service no longer takes the session's token (401): whatever the
    page was doing, the user signs in again (no view handles it)."""


@dataclass(frozen=True)
class ReferralQuery:
    status: str = ""
    code: str = ""
    iin: str = ""
    page: int = 1
    mine: bool = False
    """Only the doctor's own referrals, not the whole facility's."""

    def listing(self) -> dict[str, str]:
        """The list's query string (never the IIN: it goes in a body)."""
        given = {"status": self.status, "code": self.code, "page": str(self.page)}
        given["mine"] = "true" if self.mine else ""
        return {name: value for name, value in given.items() if value}


class DoctorApis(ABC):
    @abstractmethod
    async def referrals(self, caller: Caller, query: ReferralQuery) -> Json:
        """A page of the facility's referrals (an IIN searches by it)."""

    @abstractmethod
    async def register(self, caller: Caller, body: Json, key: str) -> Json:
        """A new referral (its receipt, with warnings); ``key`` is the
        request's Idempotency-Key."""

    @abstractmethod
    async def referral(self, caller: Caller, referral_id: str) -> Json: ...

    @abstractmethod
    async def edit(
        self, caller: Caller, referral_id: str, body: Json, version: str
    ) -> Json:
        """The referral's next version (only the fields given change), if
        it is still at ``version``."""

    @abstractmethod
    async def alternatives(self, caller: Caller, referral_id: str) -> Json:
        """The queue's position, estimate and wait guarantee of a referral."""

    @abstractmethod
    async def positions(self, caller: Caller, referral_ids: list[str]) -> Json:
        """The queue's places of these referrals (at most 50), in one call:
        ``items`` of referral_id, status, position, queue_length."""

    @abstractmethod
    async def notifications(self, caller: Caller, referral_id: str) -> Json: ...

    @abstractmethod
    async def act(
        self, caller: Caller, referral_id: str, action: str, body: Json, key: str
    ) -> Json:
        """``action`` (cancel, renew, reinstate) on a referral; ``key`` is
        the request's Idempotency-Key."""


@dataclass(frozen=True)
class Download:
    """A list as a spreadsheet file, as the queue service made it."""

    content_type: str
    disposition: str
    body: bytes


class HospitalApis(ABC):
    """What a hospital clerk's pages ask of the queue service."""

    @abstractmethod
    async def admissions(self, caller: Caller, day: str, bed_profile: str) -> Json:
        """The day's admissions list of a bed profile, beds and queue head."""

    @abstractmethod
    async def pull(self, caller: Caller, body: Json, key: str) -> Json: ...

    @abstractmethod
    async def inpatients(self, caller: Caller, bed_profile: str) -> Json: ...

    @abstractmethod
    async def bed_board(self, caller: Caller, days: int) -> Json:
        """Per bed profile: beds, occupied, the queue's length, the next days."""

    @abstractmethod
    async def admit_emergency(self, caller: Caller, body: Json) -> Json: ...

    @abstractmethod
    async def find_entries(self, caller: Caller, body: Json) -> Json:
        """The hospital's entries by ``code`` or ``iin`` (in a body)."""

    @abstractmethod
    async def spreadsheet(
        self, caller: Caller, listing: str, params: dict[str, str]
    ) -> Download:
        """``listing`` (admissions, inpatients) with ``params``, whose
        ``format`` is csv or xlsx."""

    @abstractmethod
    async def on_entry(
        self, caller: Caller, entry_id: str, action: str, body: Json
    ) -> Json:
        """``action`` (admit, no-show, reject, discharge) on a queue entry."""


class ServiceApis(DoctorApis, HospitalApis):
    """Everything the console asks of the services."""
