"""The clerk's reschedule and reject on a page of their own: opened by
address, or shown again (422) when the queue refuses a form's fields, with
the typed values kept and each message beside its field; a refusal without
field errors is still told on the list it came from."""

from __future__ import annotations

import re

import pytest

from services.console.apis import ApiRefused
from tests.unit.console.browsing import csrf_of

BACK = "/admissions?date=2026-12-03&bed_profile=psychiatry"


def refused_for(name: str, message: str) -> ApiRefused:
    return ApiRefused(
        422, "invalid_request", "The request was refused.", fields={name: [message]}
    )


def field_tag(page: str, tag: str, name: str) -> str:
    return re.search(rf'<{tag}[^>]*name="{name}"[^>]*>', page)[0]


async def test_a_reschedule_refused_for_its_day_shows_the_message_beside_it(
    clerk, apis
):
    page = await (await clerk.get(BACK + "&lang=en")).text()
    apis.refusals["reschedule"] = refused_for("date", "The day is in the past.")
    form = {
        "csrf": csrf_of(page),
        "back": BACK,
        "date": "2026-11-01",
        "reason_code": "tests_pending",
        "note": "asked by phone",
    }
    answer = await clerk.post("/entries/e-1/reschedule", data=form)
    shown = await answer.text()
    assert answer.status == 422
    assert "The request was refused." in shown
    day = field_tag(shown, "input", "date")
    assert 'value="2026-11-01"' in day and 'aria-invalid="true"' in day
    assert 'aria-describedby="date-error"' in day
    assert '<p class="error" id="date-error">The day is in the past.</p>' in shown
    assert '<option value="tests_pending" selected>' in shown
    assert 'value="asked by phone"' in field_tag(shown, "input", "note")
    assert 'action="/entries/e-1/reschedule"' in shown
    assert f'name="back" value="{BACK.replace("&", "&amp;")}"' in shown
    assert csrf_of(shown) == form["csrf"]


async def test_a_rejection_refused_for_its_reason_keeps_the_reasons_offered(
    clerk, apis
):
    page = await (await clerk.get(BACK + "&lang=ru")).text()
    apis.refusals["reject"] = refused_for("reason_code", "Неизвестная причина.")
    form = {"csrf": csrf_of(page), "back": BACK, "reason_code": "contraindication"}
    answer = await clerk.post("/entries/e-1/reject", data=form)
    shown = await answer.text()
    assert answer.status == 422 and "Отказать в госпитализации" in shown
    select = field_tag(shown, "select", "reason_code")
    assert 'aria-describedby="reason_code-error"' in select
    assert '<option value="contraindication" selected>' in shown
    assert 'id="reason_code-error">Неизвестная причина.</p>' in shown


async def test_a_field_the_form_does_not_show_is_told_at_the_top(clerk, apis):
    page = await (await clerk.get(BACK)).text()
    apis.refusals["reject"] = refused_for("entry", "Not scheduled any more.")
    form = {"csrf": csrf_of(page), "back": BACK, "reason_code": "contraindication"}
    shown = await (await clerk.post("/entries/e-1/reject", data=form)).text()
    top = shown.split('<form class="action"')[0]
    assert "<p>Not scheduled any more.</p>" in top


async def test_a_refusal_without_field_errors_is_flashed_on_the_list(clerk, apis):
    page = await (await clerk.get(BACK + "&lang=en")).text()
    apis.refusals["reschedule"] = ApiRefused(
        409, "conflict", "The entry changed meanwhile."
    )
    form = {"csrf": csrf_of(page), "back": BACK, "date": "2026-12-10"}
    answer = await clerk.post(
        "/entries/e-1/reschedule", data=form, allow_redirects=False
    )
    assert answer.status == 303 and answer.headers["Location"] == BACK
    listed = await (await clerk.get(BACK)).text()
    assert "The entry changed meanwhile." in listed


@pytest.mark.parametrize(
    ("action", "heading"),
    [("reschedule", "Move to another day"), ("reject", "Reject the admission")],
)
async def test_each_form_opens_by_its_address(clerk, action, heading):
    answer = await clerk.get(f"/entries/e-1/{action}?lang=en&back=/inpatients")
    shown = await answer.text()
    assert answer.status == 200 and f"<h1>{heading}</h1>" in shown
    assert f'action="/entries/e-1/{action}"' in shown and csrf_of(shown)
    assert 'name="back" value="/inpatients"' in shown
    assert "aria-invalid" not in shown


async def test_an_opened_form_never_goes_back_to_another_site(clerk):
    shown = await (await clerk.get("/entries/e-1/reject?back=//evil.example/")).text()
    assert 'name="back" value="/admissions"' in shown


async def test_other_entry_actions_have_no_page_of_their_own(clerk):
    assert (await clerk.get("/entries/e-1/admit")).status == 404


async def test_a_doctor_may_not_open_an_entry_form(console, signed_in):
    await signed_in()
    assert (await console.get("/entries/e-1/reject")).status == 403
