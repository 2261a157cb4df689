"""The periodic expiry job: reminders 7 days before a referral lapses, then
expiry (reinstatable for 30 days with the original place)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta

from services.queue.waiting_list.adapters.collections import ENTRIES
from services.queue.waiting_list.domain import commands
from services.queue.waiting_list.domain.model import InvalidTransition
from services.queue.waiting_list.service_layer.bureau import Bureau
from services.queue.waiting_list.service_layer.handlers import EntryNotFound, handle
from shared.logging import get_logger

log = get_logger(__name__)


@dataclass(frozen=True)
class ExpiryReport:
    reminded: int
    expired: int
    forgotten: int


async def run_expiry(bureau: Bureau) -> ExpiryReport:
    """One pass; safe to run on several replicas at once (each entry's
    reminder and expiry happen once, in its own transaction)."""
    settings = bureau.settings
    today = bureau.today()
    horizon = today + timedelta(days=settings.expiry_warning_days)
    entries = bureau.db[ENTRIES]
    due_soon = entries.find(
        {
            "status": "waiting",
            "valid_until": {"$gte": today.isoformat(), "$lte": horizon.isoformat()},
            "expiry_reminded": False,
        },
        {"_id": 1},
    )
    reminded = 0
    for doc in await due_soon.to_list(None):
        reminded += await handle(commands.RemindExpiry(entry_id=doc["_id"]), bureau)
    lapsed = entries.find(
        {"status": "waiting", "valid_until": {"$lt": today.isoformat()}}, {"_id": 1}
    )
    expired = 0
    for doc in await lapsed.to_list(None):
        try:
            await handle(commands.Expire(entry_id=doc["_id"]), bureau)
            expired += 1
        except (InvalidTransition, EntryNotFound):
            continue
    retention = timedelta(days=settings.lookup_retention_days)
    forgotten = bureau.book.prune(
        int((bureau.clock() - retention).timestamp()),
        today - timedelta(days=settings.estimate_window_days + 7),
    )
    report = ExpiryReport(reminded=reminded, expired=expired, forgotten=forgotten)
    log.info("expiry_job_done", reminded=reminded, expired=expired, forgotten=forgotten)
    return report


async def expiry_loop(bureau: Bureau) -> None:
    """Run the job every ``expiry_interval_s`` until cancelled."""
    while True:
        try:
            await run_expiry(bureau)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - the job must keep running
            log.warning("expiry_job_failed", error=repr(exc))
        await asyncio.sleep(bureau.settings.expiry_interval_s)
