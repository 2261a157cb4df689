"""Moving a waiting entry to another hospital's queue of its bed profile
(the referring doctor's ``referral.move_requested``), in one transaction.

The same entry and hospitalization code: the patient's code keeps working.
It keeps its priority and registration time, so in the new queue it stands
ahead of everyone registered after it, and takes the new queue's next
sequence number. Each queue counts the move as one of its changes and logs
it (``direction`` out of the old, into the new); the old queue's line sees
the entry ahead leave (its milestones follow, ``QueueWriter.finish``), the
new one an entry placed ahead; the book of every replica learns both from
the one stored change (``Entries.relocate``: the entry and its departure).
"""

from __future__ import annotations

from services.queue.waiting_list.domain import events
from services.queue.waiting_list.domain.actors import Actor
from services.queue.waiting_list.domain.lapsing import NOT_WAITING
from services.queue.waiting_list.domain.model import QueueEntry
from services.queue.waiting_list.domain.movement import (
    AHEAD_LEFT,
    PLACED_AHEAD,
    Departure,
    Movement,
    movement_kind,
)
from services.queue.waiting_list.domain.ordering import epoch_ms, queue_id
from services.queue.waiting_list.domain.records import (
    PRODUCER,
    event_data,
    log_record,
)
from services.queue.waiting_list.domain.status import InvalidTransition
from services.queue.waiting_list.service_layer.dependencies import WaitingList
from services.queue.waiting_list.service_layer.entry_records import append_record
from services.queue.waiting_list.service_layer.requests import (
    NOT_IN_QUEUE,
    refusal,
    requested_of,
)
from services.queue.waiting_list.service_layer.standing import standing
from services.queue.waiting_list.service_layer.writer import QueueWriter
from shared.contracts import Envelope, new_event

MOVE_REQUESTED = "referral.move_requested"


async def carry_out_move(envelope: Envelope, waiting_list: WaitingList) -> None:
    """The doctor's move: carried out, or refused (``queue.request_refused``)
    when the queue has no such entry of the facility's, or it is not waiting
    or already at that hospital; a request older than what the entry has
    seen of the referral is stale and ignored."""
    data = envelope.data
    actor = Actor.parse(data["actor"], default_role="doctor")

    async def work(writer: QueueWriter) -> None:
        entry = await writer.entry_by_referral(data["referral_id"])
        if entry is None or not requested_of(entry, data):
            writer.change.emit(refusal(envelope, None, NOT_IN_QUEUE))
            return
        if data["version"] <= entry.referral_version:
            return
        seen, entry.referral_version = entry.referral_version, data["version"]
        to, reason_code = data["to_facility_id"], data["reason_code"]
        try:
            await move_entry(writer, entry, to, actor, reason_code)
        except InvalidTransition as refused:
            entry.referral_version = seen
            writer.change.emit(refusal(envelope, entry, refused.code or NOT_WAITING))

    await waiting_list.changes.run(work, handled_event_id=envelope.event_id)


async def move_entry(
    writer: QueueWriter,
    entry: QueueEntry,
    facility_id: str,
    actor: Actor,
    reason_code: str,
) -> events.EntryMoved:
    """Raises the domain's InvalidTransition (not waiting, the same
    hospital) before anything changed."""
    to_queue = queue_id(facility_id, entry.bed_profile)
    old, new = await writer.queues(entry.queue_id, to_queue)
    from_key = entry.order_key
    change = entry.move_to(facility_id, new.seq + 1, actor, writer.now, reason_code)
    new.seq, old.n, new.n = new.seq + 1, old.n + 1, new.n + 1
    old.leave(from_key)
    position = new.rank(entry.order_key) + 1
    placed = standing(writer, to_queue, position, new.length() + 1)
    new.join(entry.order_key)
    at_ms = epoch_ms(change.at)
    left = Movement(old.n, at_ms, AHEAD_LEFT, from_key)
    departure = Departure(
        old.queue_id, change.from_facility_id, entry.bed_profile, left
    )
    kind = movement_kind(None, "waiting", entry.priority) or PLACED_AHEAD
    arrival = Movement(new.n, at_ms, kind, entry.order_key)
    await writer.change.entries.relocate(entry, new.n, arrival, departure)
    data = {**event_data(entry, change, actor), **placed}
    envelope = new_event(change.event_type, data, PRODUCER)
    writer.change.emit(envelope)
    into = log_record(entry, change, envelope.event_id, {**placed, "direction": "in"})
    await append_record(writer.change, new, entry, change, into)
    out = log_record(entry, change, envelope.event_id, {"direction": "out"}, from_key)
    await append_record(writer.change, old, entry, change, out)
    writer.committed(entry, new.n, arrival, departure)
    return change
