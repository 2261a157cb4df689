"""``ServiceApis`` over the services' public HTTP APIs (aiohttp)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import aiohttp

from services.console.apis import (
    ApiRefused,
    ApiUnavailable,
    Caller,
    Download,
    Json,
    ReferralQuery,
    ServiceApis,
    TokenRefused,
)
from services.console.settings import ConsoleSettings
from shared.logging import correlation_id_var, new_correlation_id

IDEMPOTENT_ACTIONS = frozenset({"renew", "reinstate", "move"})


class HttpApis(ServiceApis):
    def __init__(self, settings: ConsoleSettings, session: aiohttp.ClientSession):
        self.referral_url = settings.referral_url.rstrip("/")
        self.queue_url = settings.queue_url.rstrip("/")
        self.notification_url = settings.notification_url.rstrip("/")
        self.session = session

    async def referrals(self, caller: Caller, query: ReferralQuery) -> Json:
        base = f"{self.referral_url}/v1/referrals"
        if query.iin:
            body = {"iin": query.iin, **_numbers(query.listing())}
            return await self._call(caller, "POST", f"{base}/search", json=body)
        return await self._call(caller, "GET", base, params=query.listing())

    async def register(self, caller: Caller, body: Json, key: str) -> Json:
        url = f"{self.referral_url}/v1/referrals"
        headers = {"Idempotency-Key": key}
        return await self._call(caller, "POST", url, json=body, headers=headers)

    async def referral(self, caller: Caller, referral_id: str) -> Json:
        url = f"{self.referral_url}/v1/referrals/{segment(referral_id)}"
        return await self._call(caller, "GET", url)

    async def edit(
        self, caller: Caller, referral_id: str, body: Json, version: str
    ) -> Json:
        url = f"{self.referral_url}/v1/referrals/{segment(referral_id)}"
        headers = {"If-Match": f'"{version}"'} if version.isdigit() else {}
        return await self._call(caller, "PATCH", url, json=body, headers=headers)

    async def alternatives(self, caller: Caller, referral_id: str) -> Json:
        url = f"{self.queue_url}/v1/referrals/{segment(referral_id)}/alternatives"
        return await self._call(caller, "GET", url)

    async def positions(self, caller: Caller, referral_ids: list[str]) -> Json:
        url = f"{self.queue_url}/v1/referrals/positions"
        params = [("referral_id", referral_id) for referral_id in referral_ids]
        return await self._call(caller, "GET", url, params=params)

    async def notifications(self, caller: Caller, referral_id: str) -> Json:
        url = f"{self.notification_url}/v1/notifications"
        return await self._call(caller, "GET", url, params={"referral_id": referral_id})

    async def act(
        self, caller: Caller, referral_id: str, action: str, body: Json, key: str
    ) -> Json:
        url = f"{self.referral_url}/v1/referrals/{segment(referral_id)}/{action}"
        headers = {"Idempotency-Key": key} if action in IDEMPOTENT_ACTIONS else {}
        return await self._call(caller, "POST", url, json=body, headers=headers)

    async def admissions(self, caller: Caller, day: str, bed_profile: str) -> Json:
        url = f"{self.queue_url}/v1/admissions"
        params = {"date": day, "bed_profile": bed_profile}
        return await self._call(caller, "GET", url, params=params)

    async def pull(self, caller: Caller, body: Json, key: str) -> Json:
        url = f"{self.queue_url}/v1/admissions/pull"
        headers = {"Idempotency-Key": key}
        return await self._call(caller, "POST", url, json=body, headers=headers)

    async def inpatients(self, caller: Caller, bed_profile: str) -> Json:
        url = f"{self.queue_url}/v1/inpatients"
        params = {"bed_profile": bed_profile} if bed_profile else {}
        return await self._call(caller, "GET", url, params=params)

    async def bed_board(self, caller: Caller, days: int) -> Json:
        url = f"{self.queue_url}/v1/bed-board"
        return await self._call(caller, "GET", url, params={"days": str(days)})

    async def admit_emergency(self, caller: Caller, body: Json) -> Json:
        url = f"{self.queue_url}/v1/emergency-admissions"
        return await self._call(caller, "POST", url, json=body)

    async def find_entries(self, caller: Caller, body: Json) -> Json:
        url = f"{self.queue_url}/v1/entries/search"
        return await self._call(caller, "POST", url, json=body)

    async def spreadsheet(
        self, caller: Caller, listing: str, params: dict[str, str]
    ) -> Download:
        url = f"{self.queue_url}/v1/{listing}"
        headers = _headers(caller)
        try:
            async with self.session.get(url, params=params, headers=headers) as got:
                body = await got.read()
                if got.status != 200:
                    _answered(got.status, _json_or_none(body))  # a refusal raises
                    raise ApiUnavailable(f"answered {got.status}")
                return Download(
                    got.headers.get("Content-Type", "application/octet-stream"),
                    got.headers.get("Content-Disposition", "attachment"),
                    body,
                )
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise ApiUnavailable(type(exc).__name__) from exc

    async def on_entry(
        self, caller: Caller, entry_id: str, action: str, body: Json
    ) -> Json:
        url = f"{self.queue_url}/v1/entries/{segment(entry_id)}/{action}"
        return await self._call(caller, "POST", url, json=body)

    async def _call(
        self, caller: Caller, method: str, url: str, **options: Any
    ) -> Json:
        return await call_service(self.session, caller, method, url, **options)


async def call_service(
    session: aiohttp.ClientSession,
    caller: Caller,
    method: str,
    url: str,
    **options: Any,
) -> Json:
    """A service's answer to the caller: its JSON object, ``ApiRefused`` for
    a 4xx, ``ApiUnavailable`` for no answer or a 5xx."""
    headers = {**_headers(caller), **options.pop("headers", {})}
    try:
        async with session.request(method, url, headers=headers, **options) as answer:
            content = await answer.json(content_type=None)
            status = answer.status
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        raise ApiUnavailable(type(exc).__name__) from exc
    return _answered(status, content)


def _headers(caller: Caller) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {caller.token}",
        "Accept-Language": caller.language,
        "X-Correlation-ID": correlation_id_var.get() or new_correlation_id(),
    }


def _json_or_none(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


def _answered(status: int, content: Any) -> Json:
    if 200 <= status < 300 and isinstance(content, dict):
        return content
    if status == 401:
        raise TokenRefused(f"answered {status}")
    if 400 <= status < 500:
        error = content.get("error", {}) if isinstance(content, dict) else {}
        raise ApiRefused(
            status,
            str(error.get("code", "refused")),
            str(error.get("message", "")),
            error.get("fields") or {},
        )
    raise ApiUnavailable(f"answered {status}")


def _numbers(listing: dict[str, str]) -> dict[str, Any]:
    return {k: int(v) if k == "page" else v for k, v in listing.items()}


def segment(value: str) -> str:
    """A path segment as typed, never another path."""
    return quote(value, safe="")
