"""The referring doctor's requests as the referral service publishes them,
delivered to a memory queue's bus, and what the queue answered."""

from __future__ import annotations

from datetime import timedelta

from services.queue.waiting_list.domain.actors import Actor
from shared.contracts import Envelope
from tests.queue_builders import HOSPITAL, START, Placed, delivered, doctors_request
from tests.unit.queue.memory_queue import MemoryQueue
from tests.unit.queue.support import today

REINSTATE = "referral.reinstatement_requested"
RENEW = "referral.renewal_requested"
REASON = {REINSTATE: "missed_reminders", RENEW: "still_waiting"}
CLERK = Actor("hospital", f"{HOSPITAL}:clerk-1")


async def line(queue: MemoryQueue, count: int) -> list[Placed]:
    """``count`` referrals, each registered a minute after the one before."""
    return [
        await queue.place(registered_at=START + timedelta(minutes=n))
        for n in range(count)
    ]


async def ask(
    queue: MemoryQueue,
    placed: Placed,
    event_type: str,
    days: int = 60,
    version: int = 2,
    **options: str,
) -> Envelope:
    """The doctor's request, delivered to the queue's bus; a new validity
    ``days`` from the queue's today."""
    envelope = delivered(
        doctors_request(
            placed,
            event_type,
            version=version,
            valid_until=today(queue) + timedelta(days=days),
            reason_code=REASON[event_type],
            **options,
        )
    )
    await queue.bus.handle_event(envelope)
    return envelope


def refusals(queue: MemoryQueue) -> list[tuple[str, str | None]]:
    return [
        (e.data["reason_code"], e.data["status"])
        for e in queue.outbox("queue.request_refused")
    ]


def unchanged(queue: MemoryQueue, placed: Placed, version: int, logged: int) -> bool:
    entry = queue.entries()[placed.entry_id]
    return (entry["version"], len(queue.log_records())) == (version, logged)
