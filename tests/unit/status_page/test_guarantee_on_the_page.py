"""The status page without JavaScript shows the bed profile's maximum wait
(never named), the deadline, how the estimate stands, and the shorter
queues nearby; without a maximum, neither row."""

from __future__ import annotations

from functools import partial

from tests.queue_builders import admitted_earlier
from tests.unit.queue.patients.patient_side import patient_side
from tests.unit.status_page.page_app import page_client, posted

NEARBY = ("KZ-75-R01", "psychiatry")


async def test_an_entry_at_risk_sees_the_deadline_and_the_shorter_queue(
    aiohttp_client,
):
    side = patient_side(max_wait_days="psychiatry=30")
    client = await page_client(aiohttp_client, side)
    queue = side.queue
    await admitted_earlier(queue.place, queue.handle, queue.clock, 10)
    nearby = partial(queue.place, queue=NEARBY)
    await admitted_earlier(nearby, queue.handle, queue.clock, 10)
    for _ in range(5):
        await queue.place()
    late = await queue.place()
    page = await posted(client, "/", code=late.code, iin=late.iin, lang="en")
    guarantee = page.shown("r-guarantee")
    assert guarantee.startswith("30 days, until ")
    assert guarantee.endswith(
        "Your doctor can move your referral to a hospital with a shorter wait."
    )
    alternatives = page.shown("r-alternatives")
    assert ": place 1, " in alternatives
    assert "psychiatr" not in (guarantee + alternatives).lower()
    kazakh = await posted(client, "/", code=late.code, iin=late.iin, lang="kk")
    assert kazakh.shown("r-guarantee").startswith("30 күн")


async def test_without_a_maximum_neither_row_shows(aiohttp_client):
    side = patient_side()
    client = await page_client(aiohttp_client, side)
    mine = await side.queue.place()
    page = await posted(client, "/", code=mine.code, iin=mine.iin, lang="en")
    assert page.shown("r-guarantee") == "" and page.shown("r-alternatives") == ""
