"""The periodic expiry job: a reminder EXPIRY_WARNING_DAYS before a referral
lapses, then expiry (reinstatable for REINSTATE_DAYS with the original
place), and the book's pruning of what no lookup needs any more."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, timedelta

from services.queue.waiting_list.domain import commands
from services.queue.waiting_list.domain.status import InvalidTransition
from services.queue.waiting_list.service_layer.dependencies import WaitingList
from services.queue.waiting_list.service_layer.handlers import EntryNotFound, handle
from shared.logging import get_logger

log = get_logger(__name__)


@dataclass(frozen=True)
class ExpiryReport:
    reminded: int
    expired: int
    forgotten: int


async def run_expiry(waiting_list: WaitingList) -> ExpiryReport:
    """One pass; safe to run on several replicas at once (each entry's
    reminder and expiry happen once, in its own transaction)."""
    rules = waiting_list.expiry
    today = waiting_list.calendar.today()
    reminded = await _remind(waiting_list, today)
    expired = await _expire(waiting_list, today)
    retention = timedelta(days=rules.retention_days)
    forgotten = waiting_list.book.prune(
        int((waiting_list.calendar.clock() - retention).timestamp()),
        today - timedelta(days=rules.window_days + 7),
    )
    report = ExpiryReport(reminded=reminded, expired=expired, forgotten=forgotten)
    log.info("expiry_job_done", reminded=reminded, expired=expired, forgotten=forgotten)
    return report


async def _remind(waiting_list: WaitingList, today: date) -> int:
    horizon = today + timedelta(days=waiting_list.expiry.warning_days)
    due = await waiting_list.uow.reader().entries.reminder_due(today, horizon)
    reminded = 0
    for entry_id in due:
        reminded += await handle(commands.RemindExpiry(entry_id=entry_id), waiting_list)
    return reminded


async def _expire(waiting_list: WaitingList, today: date) -> int:
    lapsed = await waiting_list.uow.reader().entries.lapsed(today)
    expired = 0
    for entry_id in lapsed:
        try:
            await handle(commands.Expire(entry_id=entry_id), waiting_list)
            expired += 1
        except (InvalidTransition, EntryNotFound):
            continue
    return expired


async def expiry_loop(waiting_list: WaitingList) -> None:
    """Run the job every EXPIRY_INTERVAL_S until cancelled."""
    while True:
        try:
            await run_expiry(waiting_list)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - the job must keep running
            log.warning("expiry_job_failed", error=repr(exc))
        await asyncio.sleep(waiting_list.expiry.interval_s)
