"""``BureauApis`` over the queue service's public HTTP API, answered and
refused as ``HttpApis`` is."""

from __future__ import annotations

import aiohttp

from services.console.apis import Caller, Json
from services.console.bureau_apis import BureauApis, FacilitiesQuery, GuaranteeQuery
from services.console.http_apis import call_service, segment
from services.console.settings import ConsoleSettings


class HttpBureauApis(BureauApis):
    def __init__(self, settings: ConsoleSettings, session: aiohttp.ClientSession):
        self.queue_url = settings.queue_url.rstrip("/")
        self.session = session

    async def facilities(self, caller: Caller, query: FacilitiesQuery) -> Json:
        params = {**query.listing(), "lang": caller.language}
        url = f"{self.queue_url}/v1/facilities"
        return await call_service(self.session, caller, "GET", url, params=params)

    async def wait_guarantee(self, caller: Caller, query: GuaranteeQuery) -> Json:
        url = f"{self.queue_url}/v1/wait-guarantee"
        return await call_service(
            self.session, caller, "GET", url, params=query.listing()
        )

    async def queue_log(
        self, caller: Caller, queue_id: str, after: int, limit: int
    ) -> Json:
        url = f"{self.queue_url}/v1/queues/{segment(queue_id)}/log"
        params = {"after": str(after), "limit": str(limit)}
        return await call_service(self.session, caller, "GET", url, params=params)
