"""``referral.updated``: the doctor's edit, carried to the entry
(``domain/edits.py``). New tests are an ``EntryUpdated``; a new priority a
reorder (``QueueWriter.reorder``: the order index, the book and the recent
movements follow the entry's new key). Either is a record in the queue's
signed log and an event; an edit that is stale, of a closed entry or that
changes nothing the queue keeps is acknowledged and does nothing."""

from __future__ import annotations

from services.queue.waiting_list.domain import events
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.edits import ReferralEdit
from services.queue.waiting_list.domain.pre_admission import PreAdmissionTest
from services.queue.waiting_list.service_layer.dependencies import WaitingList
from services.queue.waiting_list.service_layer.writer import QueueWriter
from shared.contracts import Envelope
from shared.logging import get_logger

log = get_logger(__name__)


class EntryNotYetPlaced(Exception):
    """The edit overtook the registration: the consumer retries it later
    (with backoff, then the dead-letter queue) so it is never lost."""


def referral_edit(envelope: Envelope, writer: QueueWriter) -> ReferralEdit:
    data = envelope.data
    return ReferralEdit(
        referral_version=data["version"],
        tests=tuple(
            PreAdmissionTest(t["code"], t["valid_until"]) for t in data["tests"]
        ),
        priority=data["priority"],
        reason_code=data.get("reason_code"),
        actor=Actor.parse(data["actor"], default_role="doctor"),
        at=writer.now,
    )


async def take_edit(envelope: Envelope, waiting_list: WaitingList) -> None:
    """Idempotent by event id; the entry is the referral's, referred by the
    facility that edits. Raises EntryNotYetPlaced when the registration has
    not been placed yet."""
    data = envelope.data

    async def work(writer: QueueWriter) -> None:
        entry = await writer.entry_by_referral(data["referral_id"])
        if entry is None:
            if await writer.change.tombstones.version(data["referral_id"]):
                return  # cancelled before it was placed: nothing to edit
            raise EntryNotYetPlaced(data["referral_id"])
        if entry.referring_facility_id != data["referring_facility_id"]:
            return
        change = entry.take_edit(referral_edit(envelope, writer))
        if isinstance(change, events.EntryReordered):
            await writer.reorder(entry, change)
        elif change is not None:
            await writer.record(entry, change)
        log.info(
            "referral_edit_taken",
            referral_id=data["referral_id"],
            outcome=change.event_type if change else "unchanged",
        )

    await waiting_list.changes.run(work, handled_event_id=envelope.event_id)
