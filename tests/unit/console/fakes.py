"""The console's ports faked for unit tests: an identity provider that signs
in whoever the test says, and the services' APIs holding referrals in a dict
(each call records who asked, in which language)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from services.console.apis import (
    ApiRefused,
    ApiUnavailable,
    Caller,
    Json,
    ReferralQuery,
    ServiceApis,
    TokenRefused,
)
from services.console.sign_in import IdentityProvider, SignedIn, SignInFlow
from shared.clock import utc_now
from shared.identity import Principal
from tests.unit.console.fake_queue import FakeQueueApis

DOCTOR = Principal("doctor", "KZ-75-P01", "dr-aliya", "Aliya Bekova")
CLERK = Principal("hospital", "KZ-75-M01", "clerk-dana", "Dana")


class FakeProvider(IdentityProvider):
    """Signs in ``user`` for a token valid ``lifetime``, with a refresh token
    when ``refreshes`` is set; the authorization URL carries the flow's
    state so a test can come back with it. ``refresh`` answers the next of
    ``refreshes`` (an exception is raised), recording the token it got."""

    def __init__(
        self, user: Principal = DOCTOR, lifetime: timedelta = timedelta(hours=8)
    ):
        self.user, self.lifetime = user, lifetime
        self.finished: list[tuple[SignInFlow, str]] = []
        self.ends_sessions = False
        """Whether the provider has an end-session endpoint."""
        self.refreshes: list[SignedIn | Exception] = []
        self.refreshed: list[str] = []

    async def begin(self, language: str) -> tuple[str, SignInFlow]:
        flow = SignInFlow(f"state-{len(self.finished)}", "nonce", "verifier")
        return (
            f"http://issuer.test/authorize?state={flow.state}&ui_locales={language}",
            flow,
        )

    async def sign_out_url(self, language: str) -> str | None:
        if not self.ends_sessions:
            return None
        return f"http://issuer.test/logout?ui_locales={language}"

    async def finish(self, flow: SignInFlow, code: str) -> SignedIn:
        self.finished.append((flow, code))
        return SignedIn(
            f"token-of-{self.user.subject}",
            utc_now() + self.lifetime,
            self.user,
            "refresh-0" if self.refreshes else "",
        )

    async def refresh(self, refresh_token: str) -> SignedIn:
        self.refreshed.append(refresh_token)
        answer = self.refreshes.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


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
class FakeApis(FakeQueueApis, ServiceApis):
    referrals_held: dict[str, Json] = field(default_factory=dict)
    refusals: dict[str, ApiRefused | TokenRefused] = field(default_factory=dict)
    """An action's name -> the refusal it answers."""
    calls: list[tuple[str, Caller, Any]] = field(default_factory=list)
    positions_asked: list[list[str]] = field(default_factory=list)
    """The referral ids of each call for positions (not in ``calls``, whose
    last is the page's own)."""
    queue_down: bool = False
    """Whether the queue's positions go unanswered."""

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

    async def positions(self, caller: Caller, referral_ids: list[str]) -> Json:
        self.positions_asked.append(referral_ids)
        if self.queue_down:
            raise ApiUnavailable("ClientConnectorError")
        places = [
            {"referral_id": r, "status": "waiting", "position": 12, "queue_length": 340}
            for r in referral_ids
            if r in self.referrals_held
        ]
        return {"items": places}

    async def notifications(self, caller: Caller, referral_id: str) -> Json:
        sent = {
            "channel": "sms",
            "status": "sent",
            "recipient": "+7701***4567",
            "created_at": "2026-11-30T08:15:05+00:00",
        }
        return {"referral_id": referral_id, "deliveries": [sent]}

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


def at(moment: datetime):  # noqa: ANN201 - a clock for SessionCookie
    return lambda: moment
