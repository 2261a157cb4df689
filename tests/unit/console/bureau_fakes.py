"""The bureau's port faked for unit tests: the queue service's answers held
as given (each call recorded with who asked, in which language)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from services.console.apis import ApiRefused, ApiUnavailable, Caller, Json
from services.console.bureau_apis import BureauApis, FacilitiesQuery, GuaranteeQuery
from shared.identity import Principal

ADMIN = Principal("admin", "BUREAU", "bureau-saule", "Saule")


def profile(name: str, beds: int, waiting: int, wait: Json | None) -> Json:
    return {
        "bed_profile": name,
        "beds": beds,
        "typical_stay_days": 14,
        "stays": ["round_the_clock"],
        "waiting": waiting,
        "free_beds": 2,
        "free_beds_next_days": [],
        "estimated_wait_days": wait,
    }


def facilities_answer() -> Json:
    return {
        "registry_version": "2026.11",
        "as_of": "2026-12-02",
        "facilities": [
            {
                "id": "KZ-75-M01",
                "name": "Алматинский центр психического здоровья",
                "region": "75",
                "bed_profiles": [
                    profile("psychiatry", 120, 40, {"min": 10, "max": 30}),
                    profile("narcology", 30, 10, {"min": 20, "beyond_horizon": True}),
                ],
            },
            {
                "id": "KZ-75-M02",
                "name": "Городская больница <№1>",
                "region": "75",
                "bed_profiles": [profile("therapy", 60, 20, None)],
            },
            {
                "id": "KZ-75-P01",
                "name": "Поликлиника",
                "region": "75",
                "bed_profiles": [],
            },
        ],
    }


def guarantee_answer() -> Json:
    return {
        "as_of": "2026-12-02",
        "max_wait_days": {"psychiatry": 60},
        "total": 1,
        "offset": 0,
        "limit": 50,
        "entries": [
            {
                "entry_id": "e-1",
                "referral_id": "r-77",
                "queue_id": "KZ-75-M01:psychiatry",
                "position": 3,
                "registered_on": "2026-09-01",
                "deadline": "2026-10-31",
                "flag": "in_breach",
                "days_over": 32,
                "estimated_admission": {"earliest": "2026-12-10", "latest": None},
            }
        ],
        "queues": [
            {
                "queue_id": "KZ-75-M01:psychiatry",
                "facility_id": "KZ-75-M01",
                "bed_profile": "psychiatry",
                "waiting": 40,
                "in_breach": 1,
                "breach_expected": 0,
                "at_risk": 0,
            }
        ],
    }


def log_record(n: int) -> Json:
    return {
        "n": n,
        "prev_hash": f"{n - 1:064x}",
        "hash": f"{n:064x}",
        "record": {
            "at": "2026-12-02T06:30:00+00:00",
            "actor": "hospital:clerk-dana",
            "reason_code": None,
            "event_type": "queue.entry_admitted" if n % 2 else "queue.entry_added",
            "from_status": "scheduled",
            "to_status": "admitted",
        },
        "note": "Пациентка Айгерим просила позвонить",
    }


def log_answer(length: int, intact: bool = True) -> dict[str, Any]:
    return {
        "queue_id": "KZ-75-M01:psychiatry",
        "length": length,
        "head_hash": f"{length:064x}",
        "verification": {
            "intact": intact,
            "checked": length,
            "first_broken": None if intact else 7,
            "problem": None if intact else "hash mismatch",
        },
    }


@dataclass
class FakeBureauApis(BureauApis):
    facilities_held: Json = field(default_factory=facilities_answer)
    guarantee_held: Json = field(default_factory=guarantee_answer)
    log_length: int = 3
    intact: bool = True
    refusals: dict[str, ApiRefused | ApiUnavailable] = field(default_factory=dict)
    """A call's name -> the refusal (or silence) it answers."""
    calls: list[tuple[str, Caller, Any]] = field(default_factory=list)

    def _asked(self, name: str, caller: Caller, query: Any) -> None:
        self.calls.append((name, caller, query))
        if name in self.refusals:
            raise self.refusals[name]

    async def facilities(self, caller: Caller, query: FacilitiesQuery) -> Json:
        self._asked("facilities", caller, query)
        return self.facilities_held

    async def wait_guarantee(self, caller: Caller, query: GuaranteeQuery) -> Json:
        self._asked("wait_guarantee", caller, query)
        return self.guarantee_held

    async def queue_log(
        self, caller: Caller, queue_id: str, after: int, limit: int
    ) -> Json:
        self._asked("queue_log", caller, (queue_id, after, limit))
        last = min(self.log_length, after + limit)
        records = [log_record(n) for n in range(after + 1, last + 1)]
        return {**log_answer(self.log_length, self.intact), "records": records}
