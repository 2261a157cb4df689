"""A writer that commits a change and its event, then hangs before its relay
publishes: the outbox test kills it with SIGKILL at that moment.

    python -m tests.integration.platform.crashing_writer   (settings from env)
"""

from __future__ import annotations

import asyncio

from shared.runtime import open_platform
from shared.settings import ServiceSettings
from tests.integration.platform.helpers import cancelled


async def main() -> None:
    platform = await open_platform(ServiceSettings.from_env(), {})
    event = cancelled("R-crash")

    async def work(tx):
        await tx.db.referrals.insert_one({"_id": "R-crash"}, session=tx.session)
        tx.emit(event)

    await platform.uow.run(work)  # the relay is not started: nothing publishes
    print("COMMITTED", event.event_id, flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
