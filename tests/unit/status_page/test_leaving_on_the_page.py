"""Leaving the queue on the status page without JavaScript: offered only
while the patient may cancel, with a reason to choose and a confirmation,
through POST /v1/queue/cancel's checks; the page then shows the new state.
And what the page says after an emergency admission and past the horizon."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.queue.waiting_list.domain.estimate import HORIZON_DAYS
from shared.contracts.reasons import PATIENT_CANCEL_REASONS
from tests.queue_builders import ELSEWHERE, admitted_earlier
from tests.unit.queue.hospital.desk import Desk
from tests.unit.queue.patients.patient_side import patient_side, wrong_iin
from tests.unit.status_page.page_app import page_client, posted


@pytest.fixture
def side():
    return patient_side()


@pytest.fixture
async def client(aiohttp_client, side):
    return await page_client(aiohttp_client, side)


async def test_the_page_offers_leaving_with_every_reason_to_choose(client, side):
    mine = await side.queue.place()
    page = await posted(client, "/", code=mine.code, iin=mine.iin, lang="kk")
    assert not page.hidden("leave") and page.says("kk", "leave.open")
    for code in PATIENT_CANCEL_REASONS:
        assert f'name="reason_code" value="{code}" required' in page.text
        assert page.says("kk", f"reason.{code}")
    assert page.says("kk", "leave.warning") and page.says("kk", "leave.confirm")


async def test_leaving_on_the_page_cancels_and_shows_the_new_state(client, side):
    queue = side.queue
    mine, behind = await queue.place(), await queue.place()
    page = await posted(
        client, "/cancel", code=mine.code, iin=mine.iin, reason_code="moved", lang="ru"
    )
    assert page.status == 200 and page.headers["Cache-Control"] == "no-store"
    assert page.says("ru", "leave.done") and page.says("ru", "status.cancelled")
    assert page.hidden("leave")  # nothing more to cancel
    [event] = queue.outbox("queue.entry_cancelled", entry_id=mine.entry_id)
    assert (event.data["actor"], event.data["reason_code"]) == ("patient", "moved")
    assert (await side.lookup(behind.code, behind.iin))["position"] == 1
    again = await posted(
        client, "/cancel", code=mine.code, iin=mine.iin, reason_code="moved", lang="ru"
    )
    assert again.status == 409 and again.says("ru", "error.not_cancellable")
    assert len(queue.outbox("queue.entry_cancelled")) == 1


async def test_leaving_needs_a_reason_and_the_right_iin(client, side):
    mine = await side.queue.place()
    unchosen = await posted(client, "/cancel", code=mine.code, iin=mine.iin, lang="en")
    assert unchosen.status == 422 and unchosen.says("en", "error.reason_missing")
    stranger = await posted(
        client,
        "/cancel",
        code=mine.code,
        iin=wrong_iin(mine.iin),
        reason_code="moved",
        lang="en",
    )
    assert stranger.status == 404 and stranger.says("en", "error.not_found")
    assert side.queue.book.get(mine.code).status == "waiting"
    assert side.queue.outbox("queue.entry_cancelled") == []


async def test_a_closed_referral_is_not_offered_leaving(client, side):
    mine = await side.queue.place()
    await posted(client, "/cancel", code=mine.code, iin=mine.iin, reason_code="other")
    page = await posted(client, "/", code=mine.code, iin=mine.iin, lang="en")
    assert page.says("en", "status.cancelled") and page.hidden("leave")


async def test_after_an_emergency_admission_the_page_says_admitted_and_where(
    client, side
):
    mine = await side.queue.place()
    await Desk(side.queue).other(ELSEWHERE).emergency(mine.iin)
    page = await posted(client, "/", code=mine.code, iin=mine.iin, lang="en")
    assert page.shown("r-status") == "Admitted as an emergency"
    assert page.says("en", "help.admitted_elsewhere")
    assert not page.says("en", "help.cancelled")  # not "if this is a mistake"
    assert page.says("en", "result.hospital_admitting")
    admitting = side.queue.patients.registry.get(ELSEWHERE)
    assert page.shown("r-hospital") == (
        f"{admitting.name_in('en')}, {admitting.address_in('en')}, {admitting.phone}"
    )
    assert page.hidden("leave")


async def test_past_the_horizon_the_page_says_not_before_and_possibly_later(
    aiohttp_client,
):
    side = patient_side(estimate_min_admissions=1)
    client = await page_client(aiohttp_client, side)
    queue = side.queue
    await admitted_earlier(queue.place, queue.handle, queue.clock, 1)
    for _ in range(19):
        await queue.place()
    last = await queue.place()
    page = await posted(client, "/", code=last.code, iin=last.iin, lang="en")
    horizon = queue.waiting_list.calendar.today() + timedelta(days=HORIZON_DAYS)
    window = page.shown("r-window")
    assert window.startswith("not before ") and window.endswith(
        f"possibly later than {horizon.day} {horizon:%B} {horizon.year}"
    )


async def test_a_waiting_patient_without_an_estimate_is_told_why(client, side):
    mine = await side.queue.place()
    page = await posted(client, "/", code=mine.code, iin=mine.iin, lang="ru")
    assert page.says("ru", "result.window_unknown")
