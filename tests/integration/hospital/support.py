"""The hospital side's integration tests: an admissions desk that calls the
API with its hospital's token (the registry with few beds is in
tests/queue_builders.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.queue.settings import QueueSettings
from tests.factories import bearer


class Desk:
    """One hospital's admissions desk (a clerk with a token) on one replica."""

    def __init__(
        self,
        client: Any,
        settings: QueueSettings,
        facility: str,
        subject: str = "clerk-1",
    ):
        self.client = client
        self.settings = settings
        self.facility = facility
        self.subject = subject

    def at(self, client: Any) -> Desk:
        return Desk(client, self.settings, self.facility, self.subject)

    def other(self, facility: str, subject: str = "clerk-2") -> Desk:
        return Desk(self.client, self.settings, facility, subject)

    @property
    def actor(self) -> str:
        return f"hospital:{self.facility}:{self.subject}"

    def headers(self, **extra: str) -> dict[str, str]:
        return {
            **bearer(self.settings, "hospital", self.facility, self.subject),
            **extra,
        }

    async def list(self, on: date | None = None, csv: bool = False, **query: Any):
        params = {k: str(v) for k, v in query.items()}
        if on is not None:
            params["date"] = on.isoformat()
        accept = {"Accept": "text/csv"} if csv else {}
        return await self.client.get(
            "/v1/admissions", params=params, headers=self.headers(**accept)
        )

    async def inpatients(self, headers: dict[str, str] | None = None, **query: Any):
        params = {k: str(v) for k, v in query.items()}
        return await self.client.get(
            "/v1/inpatients", params=params, headers=self.headers(**(headers or {}))
        )

    async def board(self, **query: Any):
        params = {k: str(v) for k, v in query.items()}
        return await self.client.get(
            "/v1/bed-board", params=params, headers=self.headers()
        )

    async def admit_next(self, on: date, count: int = 1) -> list[str]:
        """Pull the next ``count`` for ``on`` and admit them: their entry ids."""
        pulled = await json_of(await self.pull(on, count))
        admitted = [row["entry_id"] for row in pulled["scheduled"]]
        for entry_id in admitted:
            await json_of(await self.act(entry_id, "admit"))
        return admitted

    async def pull(
        self,
        on: date,
        count: int,
        *,
        key: str | None = None,
        profile: str = "psychiatry",
        **extra: Any,
    ):
        body = {"bed_profile": profile, "date": on.isoformat(), "count": count}
        headers = self.headers(**({"Idempotency-Key": key} if key else {}))
        return await self.client.post(
            "/v1/admissions/pull", json={**body, **extra}, headers=headers
        )

    async def act(self, entry_id: str, action: str, body: dict[str, Any] | None = None):
        return await self.client.post(
            f"/v1/entries/{entry_id}/{action}",
            json=body if body is not None else {},
            headers=self.headers(),
        )

    async def emergency(
        self,
        iin: str,
        diagnosis: str = "F20.0",
        profile: str = "psychiatry",
        key: str | None = None,
    ):
        headers = self.headers(**({"Idempotency-Key": key} if key else {}))
        return await self.client.post(
            "/v1/emergency-admissions",
            json={"iin": iin, "bed_profile": profile, "diagnosis": diagnosis},
            headers=headers,
        )


async def json_of(response: Any, status: int = 200) -> Any:
    body = await response.json()
    assert response.status == status, body
    return body


async def log_records(bureau: Any, **match: Any) -> list[dict[str, Any]]:
    query = {f"record.{k}": v for k, v in match.items()}
    cursor = bureau.db.queue_log.find(query).sort([("queue_id", 1), ("n", 1)])
    return [doc["record"] async for doc in cursor]
