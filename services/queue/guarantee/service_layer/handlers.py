"""What the guarantee does for each command (it consumes no event; the
service's message bus routes to it as to the other rooms).

COMMAND_HANDLERS  TellWaitGuarantee -> tell the patient and the referring
                      facility once per level (no transition)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from services.queue.guarantee.domain.commands import TellWaitGuarantee
from services.queue.guarantee.service_layer.dependencies import Guarantees
from services.queue.guarantee.service_layer.standing import (
    alternatives,
    entry_standing,
    own_window,
)
from services.queue.waiting_list.domain.estimate import band
from services.queue.waiting_list.domain.guarantee import (
    TOLD_AT_RISK,
    TOLD_BREACHED,
    to_tell,
)
from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.domain.records import PRODUCER, common_data
from services.queue.waiting_list.service_layer.unit_of_work import QueueChange
from shared.contracts import new_event

WAIT_EVENTS = {TOLD_AT_RISK: "queue.wait_at_risk", TOLD_BREACHED: "queue.wait_breached"}
"""The event each level is told by."""


def guarantee_data(
    g: Guarantees, entry: QueueEntry
) -> tuple[str, dict[str, Any]] | None:
    """The level to tell for a stored entry now and its event's data (from
    the book, as the entry stands there), or None: nothing to tell."""
    indexed = g.book.get(entry.hospitalization_code)
    if (
        indexed is None
        or indexed.status != "waiting"
        or entry.status.value != "waiting"
    ):
        return None
    today = g.calendar.today()
    own = own_window(g, indexed, today)
    found = entry_standing(g, indexed, today, own)
    level = to_tell(found.flag, entry.wait_told) if found is not None else None
    if found is None or level is None:
        return None
    offered = alternatives(g, indexed, today, own)
    return level, {
        **common_data(entry),
        "actor": "system",
        "reason_code": None,
        "max_wait_days": found.max_wait_days,
        "deadline": found.deadline,
        "flag": found.flag,
        "days_over": found.days_over,
        "estimated_admission": (
            band(own.earliest, own.latest, own.horizon) if own else None
        ),
        "alternatives": [option.facility_id for option in offered],
    }


async def tell_wait_guarantee(command: TellWaitGuarantee, g: Guarantees) -> bool:
    """Tell once that the entry's wait passes (or may pass) its maximum: a
    flag on the entry records the level told, the version stays (as the
    expiry reminder's). True if told now."""

    async def work(change: QueueChange) -> bool:
        entry = await change.entries.get(command.entry_id)
        if entry is None:
            return False
        told = guarantee_data(g, entry)
        if told is None:
            return False
        level, data = told
        await change.entries.mark_wait_told(entry, level)
        change.emit(new_event(WAIT_EVENTS[level], data, PRODUCER))
        return True

    return bool(await g.uow.run(work))


EVENT_HANDLERS: dict[str, Callable[[Any, Guarantees], Awaitable[None]]] = {}
COMMAND_HANDLERS: dict[type, Callable[[Any, Guarantees], Awaitable[Any]]] = {
    TellWaitGuarantee: tell_wait_guarantee,
}


async def handle(command: object, g: Guarantees) -> Any:
    return await COMMAND_HANDLERS[type(command)](command, g)
