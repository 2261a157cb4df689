"""The guarantee's periodic sweep: every entry that became at risk or in
breach is told once per level (``queue.wait_at_risk``, then
``queue.wait_breached``).

Its cost: the waiting lines of the profiles with a maximum wait only, each
walked in memory at most once per day and change of the queue (``flags.py``
keeps the pass); of MongoDB it reads only the flagged entries this replica
has not yet seen told today (by queue and sequence number, an index), and
writes one transaction per entry told. Several replicas may sweep at once:
each entry's flag decides, in its own transaction."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from services.queue.guarantee.domain.commands import TellWaitGuarantee
from services.queue.guarantee.service_layer.dependencies import Guarantees
from services.queue.guarantee.service_layer.flags import (
    Flagged,
    flagged_of,
    guaranteed_lines,
)
from services.queue.guarantee.service_layer.handlers import handle
from services.queue.waiting_list.domain.guarantee import level_of
from shared.logging import get_logger

log = get_logger(__name__)
BATCH = 500


@dataclass(frozen=True)
class SweepReport:
    flagged: int
    told: int


async def run_guarantee_sweep(g: Guarantees) -> SweepReport:
    today = g.calendar.today()
    if g.told_on != today:
        g.told.clear()  # an entry back in waiting may be told again
        g.told_on = today
    flagged = told = 0
    for line in guaranteed_lines(g):
        rows = flagged_of(g, line, today)
        flagged += len(rows)
        fresh = [row for row in rows if _seen(row) not in g.told]
        for start in range(0, len(fresh), BATCH):
            told += await _tell(g, line.queue_id, fresh[start : start + BATCH])
    log.info("wait_guarantee_sweep_done", flagged=flagged, told=told)
    return SweepReport(flagged=flagged, told=told)


def _seen(row: Flagged) -> tuple[str, int, str]:
    return row.queue_id, row.seq, level_of(row.standing.flag) or ""


async def _tell(g: Guarantees, queue_id: str, rows: list[Flagged]) -> int:
    reader = g.uow.reader().entries
    entries = await reader.by_seqs(queue_id, [row.seq for row in rows])
    levels = {row.seq: _seen(row) for row in rows}
    told = 0
    for entry in entries:
        told += await handle(TellWaitGuarantee(entry_id=entry.entry_id), g)
        g.told.add(levels[entry.seq])
    return told


async def guarantee_loop(g: Guarantees) -> None:
    """Run the sweep every WAIT_GUARANTEE_INTERVAL_S until cancelled."""
    while True:
        try:
            await run_guarantee_sweep(g)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - the sweep must keep running
            log.warning("wait_guarantee_sweep_failed", error=repr(exc))
        await asyncio.sleep(g.interval_s)
