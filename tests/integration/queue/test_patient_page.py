"""The status page's forms on a running replica (the page's texts and every
refusal: tests/unit/status_page/): a form POST looks up the referral and
leaving the queue on the page is stored and announced like the API's."""

from __future__ import annotations

from services.queue.patients.status_page.catalogues import catalogue
from tests.integration.queue.support import outbox_events, place


async def test_the_page_looks_up_and_leaves_the_queue_without_javascript(
    client, bureau
):
    mine = await place(bureau)
    texts = catalogue("ru")
    form = {**mine.lookup_body(), "lang": "ru"}
    looked_up = await client.post("/", data=form)
    assert looked_up.status == 200
    assert looked_up.headers["Cache-Control"] == "no-store"
    assert f'id="r-status">{texts["status.waiting"]}<' in await looked_up.text()
    left = await client.post("/cancel", data={**form, "reason_code": "moved"})
    assert left.status == 200
    assert f'id="r-status">{texts["status.cancelled"]}<' in await left.text()
    stored = await bureau.db.queue_entries.find_one({"_id": mine.entry_id})
    assert stored["status"] == "cancelled"
    [event] = await outbox_events(bureau, "queue.entry_cancelled")
    assert (event["data"]["actor"], event["data"]["reason_code"]) == (
        "patient",
        "moved",
    )
