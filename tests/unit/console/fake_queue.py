"""The queue service's side of the console's port, faked: a hospital's
admissions list, pulls, entries and beds (a mixin of
``FakeApis``, recording each call in its ``calls``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from services.console.apis import (
    ApiRefused,
    Caller,
    Download,
    HospitalApis,
    Json,
    TokenRefused,
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


class FakeQueueApis(HospitalApis):
    calls: list[tuple[str, Caller, Any]]
    refusals: dict[str, ApiRefused | TokenRefused]

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
        self.calls.append(("bed_board", caller, days))
        first = date(2026, 12, 3)
        week = [
            {"date": (first + timedelta(days=d)).isoformat(), "booked": 1, "free": 2}
            for d in range(days)
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
