"""The admin's page of a queue's log on the memory harness: the chain
verified whole, records after a given one, a queue never changed not
found."""

from __future__ import annotations

from services.queue.waiting_list.service_layer.views import queue_log_page
from tests.queue_builders import QUEUE
from tests.unit.queue.memory_queue import memory_queue


async def test_a_queue_never_changed_has_no_log():
    q = memory_queue()
    assert await queue_log_page(q.uow, QUEUE, 0, 10) is None


async def test_a_page_holds_the_records_after_the_one_asked_for():
    q = memory_queue()
    placed = [await q.place() for _ in range(3)]
    page = await queue_log_page(q.uow, QUEUE, 1, 10)
    assert page is not None
    assert (page["queue_id"], page["length"]) == (QUEUE, 3)
    assert page["verification"]["intact"] and page["verification"]["checked"] == 3
    assert [r["n"] for r in page["records"]] == [2, 3]
    assert [r["record"]["entry_id"] for r in page["records"]] == [
        p.entry_id for p in placed[1:]
    ]
    assert page["records"][0]["prev_hash"] != page["records"][1]["prev_hash"]
    assert page["head_hash"] == page["records"][-1]["hash"]
    assert [r["note"] for r in page["records"]] == [None, None]
    short = await queue_log_page(q.uow, QUEUE, 0, 1)
    assert short is not None and [r["n"] for r in short["records"]] == [1]
