"""The queue service's side of the console's port, faked: a hospital's
admissions list, pulls, entries, beds and the bureau's lists (a mixin of
``FakeApis``, recording each call in its ``calls``)."""

from __future__ import annotations

from typing import Any

from services.console.apis import (
    ApiRefused,
    BureauApis,
    Caller,
    Download,
    HospitalApis,
    Json,
)


def scheduled_row(entry_id: str = "e-1") -> Json:
    return {
        "entry_id": entry_id,
        "hospitalization_code": "75-7K3M-Q9TX-R",
        "iin": "880315400128",
        "full_name": "Айгерим Серикова",
        "tests_ready": True,
        "priority": "planned",
        "no_shows": 0,
    }


class FakeQueueApis(HospitalApis, BureauApis):
    calls: list[tuple[str, Caller, Any]]
    refusals: dict[str, ApiRefused]

    async def admissions(self, caller: Caller, day: str, bed_profile: str) -> Json:
        self.calls.append(("admissions", caller, (day, bed_profile)))
        beds = {"total": 10, "occupied": 6, "booked": 1, "free": 3}
        return {
            "date": day,
            "bed_profile": bed_profile,
            "beds": beds,
            "scheduled": [scheduled_row()],
            "waiting": {"length": 12, "head": []},
        }

    async def pull(self, caller: Caller, body: Json, key: str) -> Json:
        self.calls.append(("pull", caller, (body, key)))
        if "pull" in self.refusals:
            raise self.refusals["pull"]
        return {
            "scheduled": [scheduled_row("e-2"), scheduled_row("e-3")],
            "skipped": [],
        }

    async def inpatients(self, caller: Caller, bed_profile: str) -> Json:
        self.calls.append(("inpatients", caller, bed_profile))
        row = {**scheduled_row("e-9"), "admitted_on": "2026-11-20", "overdue": True}
        return {"inpatients": [row], "total": 1}

    async def bed_board(self, caller: Caller, days: int) -> Json:
        week = [
            {"date": f"2026-12-0{d}", "booked": 1, "free": 2}
            for d in range(3, 3 + days)
        ]
        profile = {
            "bed_profile": "psychiatry",
            "beds": 10,
            "occupied": 7,
            "waiting": 12,
        }
        return {"days": days, "profiles": [{**profile, "days": week}]}

    async def admit_emergency(self, caller: Caller, body: Json) -> Json:
        self.calls.append(("emergency", caller, body))
        if "emergency" in self.refusals:
            raise self.refusals["emergency"]
        return {"admission_id": "a-1", "status": "admitted", "open_entries_closed": 1}

    async def find_entries(self, caller: Caller, body: Json) -> Json:
        self.calls.append(("find_entries", caller, body))
        found = {
            **scheduled_row("e-1"),
            "status": "scheduled",
            "bed_profile": "psychiatry",
        }
        matches = (
            body.get("iin") == found["iin"] or body.get("code") == "75-7K3M-Q9TX-R"
        )
        return {"entries": [found] if matches else []}

    async def spreadsheet(
        self, caller: Caller, listing: str, params: dict[str, str]
    ) -> Download:
        self.calls.append(("spreadsheet", caller, (listing, params)))
        disposition = f'attachment; filename="{listing}.{params["format"]}"'
        return Download("text/csv; charset=utf-8", disposition, b"code;iin\r\n")

    async def on_entry(
        self, caller: Caller, entry_id: str, action: str, body: Json
    ) -> Json:
        self.calls.append((action, caller, (entry_id, body)))
        if action in self.refusals:
            raise self.refusals[action]
        return {"entry_id": entry_id, "hospitalization_code": "75-7K3M-Q9TX-R"}

    async def facilities(self, caller: Caller, params: dict[str, str]) -> Json:
        self.calls.append(("facilities", caller, params))
        profile = {
            "bed_profile": "psychiatry",
            "beds": 10,
            "waiting": 12,
            "free_beds": 3,
            "estimated_wait_days": {"min": 20, "max": 35},
        }
        hospital = {
            "id": "KZ-75-M01",
            "name": "Almaty mental health centre",
            "region": "75",
            "bed_profiles": [profile],
        }
        return {"as_of": "2026-12-02", "facilities": [hospital]}

    async def wait_guarantee(self, caller: Caller, params: dict[str, str]) -> Json:
        self.calls.append(("wait_guarantee", caller, params))
        entry = {
            "entry_id": "e-1",
            "referral_id": "r-1",
            "queue_id": "q-1",
            "position": 4,
            "deadline": "2026-12-20",
            "flag": "at_risk",
            "days_over": 0,
        }
        counts = {
            "queue_id": "q-1",
            "facility_id": "KZ-75-M01",
            "bed_profile": "psychiatry",
            "waiting": 12,
            "in_breach": 0,
            "breach_expected": 0,
            "at_risk": 1,
        }
        return {
            "as_of": "2026-12-02",
            "total": 1,
            "entries": [entry],
            "queues": [counts],
        }

    async def queue_log(self, caller: Caller, queue_id: str) -> Json:
        check = {"intact": True, "checked": 40}
        return {
            "queue_id": queue_id,
            "length": 40,
            "head_hash": "ab12",
            "verification": check,
        }
