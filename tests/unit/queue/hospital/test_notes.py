"""What a clerk types stays beside the queue log: the note is kept with the
log record's number, shown in the answer of the entry's own hospital, and
is in no other record and no event (on Mongo, with the admins' log view and
its erasure: tests/integration/hospital/test_notes.py)."""

from __future__ import annotations

import json

from services.queue.hospital.domain.commands import Admit, Reject
from services.queue.waiting_list.adapters.collections import NOTES
from shared.contracts import encode
from tests.queue_builders import QUEUE
from tests.unit.queue.hospital.desk import today

NOTE = "called +77019876543, NOTE-R4X-HOSPITAL"


def everything_but_notes(q) -> str:
    kept = [
        list(records.values())
        for name, records in q.store.collections.items()
        if name != NOTES
    ]
    sent = [encode(envelope).decode() for envelope in q.store.outbox]
    return json.dumps([kept, sent], default=str)


async def test_a_rejection_note_stays_beside_the_log_record(q, desk):
    placed = await q.place()

    rejected = await desk.act(
        Reject, placed.entry_id, reason_code="contraindication", note=NOTE
    )

    answer = await desk.answer(rejected)
    assert [(n["actor"], n["note"]) for n in answer["notes"]] == [
        (str(desk.actor), NOTE)
    ]
    assert "NOTE-R4X" not in everything_but_notes(q)
    [record] = q.log_records(event_type="queue.entry_rejected")
    assert record["reason_code"] == "contraindication"
    reader = q.uow.reader()
    head = await reader.queue_log.head(QUEUE)
    assert head is not None
    assert await reader.notes.of_log_records(QUEUE, [head.n]) == {head.n: NOTE}


async def test_a_pull_note_is_shown_with_each_entry_it_scheduled(q, desk):
    placed = await q.place()
    await desk.pull(today(q), 1, note=NOTE)

    admitted = await desk.act(Admit, placed.entry_id)

    answer = await desk.answer(admitted)
    assert [(n["actor"], n["note"]) for n in answer["notes"]] == [
        (str(desk.actor), NOTE)
    ]
    assert "NOTE-R4X" not in everything_but_notes(q)
