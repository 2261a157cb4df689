"""The console's ports faked for unit tests: an identity provider that signs
in whoever the test says, and the services' APIs holding referrals in a dict
(each call records who asked, in which language)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from services.console.apis import (
    ApiRefused,
    Caller,
    Download,
    Json,
    ReferralQuery,
    ServiceApis,
)
from services.console.sessions import ConsoleUser
from services.console.sign_in import IdentityProvider, SignedIn, SignInFlow
from shared.clock import utc_now

DOCTOR = ConsoleUser("doctor", "KZ-75-P01", "dr-aliya", "Aliya Bekova")
CLERK = ConsoleUser("hospital", "KZ-75-M01", "clerk-dana", "Dana")


class FakeProvider(IdentityProvider):
    """Signs in ``user`` for a token valid ``lifetime``; the authorization
    URL carries the flow's state so a test can come back with it."""

    def __init__(
        self, user: ConsoleUser = DOCTOR, lifetime: timedelta = timedelta(hours=8)
    ):
        self.user, self.lifetime = user, lifetime
        self.finished: list[tuple[SignInFlow, str]] = []

    async def begin(self, language: str) -> tuple[str, SignInFlow]:
        flow = SignInFlow(f"state-{len(self.finished)}", "nonce", "verifier")
        return (
            f"http://issuer.test/authorize?state={flow.state}&ui_locales={language}",
            flow,
        )

    async def finish(self, flow: SignInFlow, code: str) -> SignedIn:
        self.finished.append((flow, code))
        return SignedIn(
            f"token-of-{self.user.subject}", utc_now() + self.lifetime, self.user
        )


def referral(referral_id: str = "r-1", status: str = "waiting", **extra: Any) -> Json:
    return {
        "id": referral_id,
        "hospitalization_code": "75-7K3M-Q9TX-R",
        "status": status,
        "version": 2,
        "patient": {"iin": "880315400128", "full_name": "Айгерим Серикова"},
        "facility_id": "KZ-75-M01",
        "bed_profile": "psychiatry",
        "diagnosis": "F32.1",
        "diagnosis_description": "Moderate depressive episode",
        "priority": "planned",
        "registered_at": "2026-11-30T08:15:00+00:00",
        "valid_until": "2027-02-28",
        "queue": {"estimated_earliest": "2027-01-10", "estimated_latest": "2027-01-24"},
        "history": [
            {"status": "registered", "at": "2026-11-30T08:15:00+00:00", "action": None},
            {"status": "waiting", "at": "2026-11-30T08:15:02+00:00", "action": None},
        ],
        "pending": None,
        **extra,
    }


@dataclass
class FakeApis(ServiceApis):
    referrals_held: dict[str, Json] = field(default_factory=dict)
    refusals: dict[str, ApiRefused] = field(default_factory=dict)
    """An action's name -> the refusal it answers."""
    calls: list[tuple[str, Caller, Any]] = field(default_factory=list)

    async def referrals(self, caller: Caller, query: ReferralQuery) -> Json:
        self.calls.append(("referrals", caller, query))
        items = [
            {**r, "patient_iin": "********0128"}
            for r in self.referrals_held.values()
            if (not query.status or r["status"] == query.status)
            and (not query.code or r["hospitalization_code"] == query.code)
            and (not query.iin or r["patient"]["iin"] == query.iin)
        ]
        return {"items": items, "page": query.page, "page_size": 20, "has_more": False}

    async def register(self, caller: Caller, body: Json, key: str) -> Json:
        self.calls.append(("register", caller, (body, key)))
        if "register" in self.refusals:
            raise self.refusals["register"]
        made = referral(f"r-{len(self.referrals_held) + 1}", status="registered")
        self.referrals_held[made["id"]] = made
        lapsing = {
            "code": "test_lapses_before_referral",
            "field": "tests.0.valid_until",
            "message": "A test lapses before the referral does.",
        }
        return {**made, "warnings": [lapsing]}

    async def referral(self, caller: Caller, referral_id: str) -> Json:
        self.calls.append(("referral", caller, referral_id))
        if referral_id not in self.referrals_held:
            raise ApiRefused(404, "not_found", "No such referral.")
        return self.referrals_held[referral_id]

    async def edit(
        self, caller: Caller, referral_id: str, body: Json, version: str
    ) -> Json:
        self.calls.append(("edit", caller, (referral_id, body, version)))
        if "edit" in self.refusals:
            raise self.refusals["edit"]
        held = self.referrals_held[referral_id]
        held["patient"] = {**held["patient"], **body.get("patient", {})}
        return held

    async def alternatives(self, caller: Caller, referral_id: str) -> Json:
        return {"status": "waiting", "position": 7, "queue_length": 40}

    async def notifications(self, caller: Caller, referral_id: str) -> Json:
        sent = {
            "channel": "sms",
            "status": "sent",
            "recipient": "+7701***4567",
            "created_at": "2026-11-30T08:15:05+00:00",
        }
        return {"referral_id": referral_id, "deliveries": [sent]}

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

    async def act(
        self, caller: Caller, referral_id: str, action: str, body: Json, key: str
    ) -> Json:
        self.calls.append((action, caller, (referral_id, body, key)))
        if referral_id not in self.referrals_held:
            raise ApiRefused(404, "not_found", "No such referral.")
        if action in self.refusals:
            raise self.refusals[action]
        if action == "cancel":
            self.referrals_held[referral_id]["status"] = "cancelled"
        return self.referrals_held[referral_id]


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


def at(moment: datetime):  # noqa: ANN201 - a clock for SessionCookie
    return lambda: moment
