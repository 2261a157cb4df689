"""What a clerk or a patient types stays in the queue service: the queue log
and the events hold the reason code; the note sits beside the log, shown to
admins with it and to the entry's own hospital, and can be erased without
breaking the chain."""

from __future__ import annotations

import json

from services.queue.waiting_list.adapters.collections import NOTES
from tests.factories import bearer
from tests.integration.hospital.support import json_of
from tests.integration.queue.support import place
from tests.queue_builders import ELSEWHERE, QUEUE, START

NOTE = "called +77019876543, NOTE-R4X-HOSPITAL"


def admin(settings) -> dict[str, str]:
    return bearer(settings, "admin", "KZ-00-ADMIN", "auditor")


async def everything_but_notes(bureau) -> str:
    found = []
    for name in await bureau.db.list_collection_names():
        if name != NOTES:
            found += [doc async for doc in bureau.db[name].find()]
    return json.dumps(found, default=str)


async def test_a_note_stays_beside_the_log_never_in_it_nor_in_an_event(
    desk, bureau, client, queue_settings
):
    placed = await place(bureau, registered_at=START)
    body = {"reason_code": "contraindication", "note": NOTE}
    rejected = await json_of(await desk.act(placed.entry_id, "reject", body))

    assert [(n["actor"], n["note"]) for n in rejected["notes"]] == [(desk.actor, NOTE)]
    assert "NOTE-R4X" not in await everything_but_notes(bureau)
    log = await json_of(
        await client.get(f"/v1/queues/{QUEUE}/log", headers=admin(queue_settings))
    )
    assert log["verification"]["intact"] is True
    [record] = [r for r in log["records"] if r["note"] is not None]
    assert record["note"] == NOTE
    assert record["record"]["event_type"] == "queue.entry_rejected"
    assert record["record"]["reason_code"] == "contraindication"

    await bureau.db[NOTES].delete_many({"entry_id": placed.entry_id})
    erased = await json_of(
        await client.get(f"/v1/queues/{QUEUE}/log", headers=admin(queue_settings))
    )
    assert erased["verification"]["intact"] is True
    assert all(r["note"] is None for r in erased["records"])


async def test_only_the_entrys_own_hospital_reads_its_notes(desk, bureau):
    placed = await place(bureau, registered_at=START)
    await json_of(await desk.pull(bureau.today(), 1, note=NOTE))

    stranger = await json_of(
        await desk.other(ELSEWHERE).act(placed.entry_id, "admit"), 404
    )
    assert "NOTE-R4X" not in json.dumps(stranger)
    response = await desk.act(placed.entry_id, "admit")
    admitted = await json_of(response)
    assert [(n["actor"], n["note"]) for n in admitted["notes"]] == [(desk.actor, NOTE)]
    assert response.headers["Cache-Control"] == "no-store"


async def test_a_patients_note_is_kept_beside_the_log_for_admins(
    bureau, client, queue_settings
):
    placed = await place(bureau, registered_at=START)
    cancel = {**placed.lookup_body(), "reason_code": "moved", "note": NOTE}
    answer = await client.post("/v1/queue/cancel", json=cancel)
    assert answer.status == 200 and "NOTE-R4X" not in await answer.text()

    response = await client.get(
        f"/v1/queues/{QUEUE}/log", headers=admin(queue_settings)
    )
    log = await json_of(response)
    assert response.headers["Cache-Control"] == "no-store"
    [record] = [r for r in log["records"] if r["note"] is not None]
    assert (record["note"], record["record"]["actor"]) == (NOTE, "patient")
    assert record["record"]["reason_code"] == "moved"
    assert "NOTE-R4X" not in await everything_but_notes(bureau)
