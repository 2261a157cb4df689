"""The hash-chained queue log: admins read it with the chain verified, and
tampering with a stored record is detected."""

from __future__ import annotations

from datetime import timedelta

from services.queue.hospital.domain import commands as hospital_commands
from services.queue.waiting_list.domain import commands
from services.queue.waiting_list.domain.actors import Actor
from tests.factories import bearer
from tests.integration.queue.support import handle, place

QUEUE = "KZ-75-M01:psychiatry"
URL = f"/v1/queues/{QUEUE}/log"


async def read_log(client, settings, query=""):
    response = await client.get(
        URL + query, headers=bearer(settings, "admin", "KZ-75-M01", "someone")
    )
    return response.status, await response.json()


async def some_changes(bureau):
    first, second = await place(bureau), await place(bureau)
    on = bureau.today() + timedelta(days=1)
    clerk = Actor("hospital", "clerk-9")
    await handle(commands.Schedule(entry_id=first.entry_id, actor=clerk, on=on), bureau)
    await handle(hospital_commands.Admit(entry_id=first.entry_id, actor=clerk), bureau)
    return first, second


async def test_an_admin_reads_an_intact_chain(client, bureau, queue_settings):
    first, _ = await some_changes(bureau)
    status, body = await read_log(client, queue_settings)
    assert status == 200
    assert body["verification"] == {
        "intact": True,
        "checked": 4,
        "first_broken": None,
        "problem": None,
    }
    assert [r["n"] for r in body["records"]] == [1, 2, 3, 4]
    admitted = body["records"][3]["record"]
    assert admitted["actor"] == "hospital:clerk-9"
    assert admitted["event_type"] == "queue.patient_admitted"
    assert admitted["entry_id"] == first.entry_id
    assert (
        admitted["from_status"] == "scheduled" and admitted["to_status"] == "admitted"
    )
    assert body["head_hash"] == body["records"][3]["hash"]
    assert first.iin not in str(body)
    status, page = await read_log(client, queue_settings, "?after=2&limit=1")
    assert [r["n"] for r in page["records"]] == [3]


async def test_tampering_with_a_stored_record_is_detected(
    client, bureau, queue_settings
):
    await some_changes(bureau)
    await bureau.db.queue_log.update_one(
        {"queue_id": QUEUE, "n": 2}, {"$set": {"record.actor": "admin:nobody"}}
    )
    status, body = await read_log(client, queue_settings)
    assert status == 200
    assert body["verification"]["intact"] is False
    assert body["verification"]["first_broken"] == 2


async def test_reordering_the_queue_in_the_log_is_detected(
    client, bureau, queue_settings
):
    await some_changes(bureau)
    await bureau.db.queue_log.update_one(
        {"queue_id": QUEUE, "n": 1}, {"$set": {"record.order.seq": 99}}
    )
    assert (await read_log(client, queue_settings))[1]["verification"][
        "first_broken"
    ] == 1


async def test_removing_the_last_record_is_detected(client, bureau, queue_settings):
    await some_changes(bureau)
    await bureau.db.queue_log.delete_one({"queue_id": QUEUE, "n": 4})
    verification = (await read_log(client, queue_settings))[1]["verification"]
    assert verification["intact"] is False and verification["first_broken"] == 4


async def test_only_admins_read_the_log(client, bureau, queue_settings):
    await place(bureau)
    assert (await client.get(URL)).status == 401
    hospital = bearer(queue_settings, "hospital", "KZ-75-M01", "someone")
    assert (await client.get(URL, headers=hospital)).status == 403
    admin = bearer(queue_settings, "admin", "KZ-75-M01", "someone")
    assert (
        await client.get("/v1/queues/KZ-00-X:none/log", headers=admin)
    ).status == 404
    assert (await client.get(URL + "?limit=0", headers=admin)).status == 422
