"""What the bureau's (admins') pages ask of the queue service, as a port:
the facilities' live numbers, the maximum-wait list and a queue's signed
log, each call with the signed-in admin's token and language.
``HttpBureauApis`` calls the public HTTP API; unit tests use a fake."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from services.console.apis import Caller, Json

PAGE_SIZE = 50


@dataclass(frozen=True)
class FacilitiesQuery:
    region: str = ""
    bed_profile: str = ""

    def listing(self) -> dict[str, str]:
        given = {"region": self.region, "bed_profile": self.bed_profile}
        return {name: value for name, value in given.items() if value}


@dataclass(frozen=True)
class GuaranteeQuery:
    region: str = ""
    bed_profile: str = ""
    facility_id: str = ""
    flag: str = ""
    page: int = 1

    def listing(self) -> dict[str, str]:
        """The filters given, and the page as ``offset`` and ``limit``."""
        given = {
            "region": self.region,
            "bed_profile": self.bed_profile,
            "facility_id": self.facility_id,
            "flag": self.flag,
        }
        chosen = {name: value for name, value in given.items() if value}
        offset = (self.page - 1) * PAGE_SIZE
        return {**chosen, "offset": str(offset), "limit": str(PAGE_SIZE)}


class BureauApis(ABC):
    @abstractmethod
    async def facilities(self, caller: Caller, query: FacilitiesQuery) -> Json:
        """Every facility with, per bed profile, its beds, waiting, free beds
        and estimated wait (names in the caller's language)."""

    @abstractmethod
    async def wait_guarantee(self, caller: Caller, query: GuaranteeQuery) -> Json:
        """The entries at risk of or in breach of the maximum wait, with
        counts per queue (no IIN, no name)."""

    @abstractmethod
    async def queue_log(
        self, caller: Caller, queue_id: str, after: int, limit: int
    ) -> Json:
        """A queue's log records after record ``after``, and whether its
        hash chain is intact end to end."""
