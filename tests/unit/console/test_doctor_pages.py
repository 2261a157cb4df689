"""The doctor's pages on fake services: the list and its filter, the
search (the IIN never in a URL), the referral page and its actions, each
answered in the doctor's language; a refusal shown as its message."""

from __future__ import annotations

from services.console.apis import (
    ApiRefused,
    ApiUnavailable,
    ReferralQuery,
    TokenRefused,
)
from services.console.bootstrap import console_app
from tests.unit.console.browsing import csrf_of, sign_in
from tests.unit.console.fakes import CLERK, FakeProvider, referral


async def test_the_list_shows_the_facilitys_referrals_with_their_status(
    console, signed_in, apis
):
    await signed_in()
    page = await (await console.get("/referrals?lang=en")).text()
    assert "75-7K3M-Q9TX-R" in page and 'href="/referrals/r-1"' in page
    assert "Waiting" in page and "********0128" in page
    name, caller, _ = apis.calls[-1]
    assert (name, caller.token, caller.language) == (
        "referrals",
        "token-of-dr-aliya",
        "en",
    )


async def test_the_status_filter_is_sent_to_the_api(console, signed_in, apis):
    await signed_in()
    await console.get("/referrals?status=cancelled&page=2")
    assert apis.calls[-1][2] == ReferralQuery(status="cancelled", page=2)


async def test_an_unknown_status_in_the_url_is_ignored(console, signed_in, apis):
    await signed_in()
    answer = await console.get("/referrals?status=<script>&page=x")
    assert answer.status == 200 and apis.calls[-1][2] == ReferralQuery()


async def test_a_search_by_iin_goes_in_a_body_and_finds_the_patient(
    console, signed_in, apis
):
    csrf = await signed_in()
    answer = await console.post(
        "/referrals/search", data={"csrf": csrf, "query": "880315400128"}
    )
    assert "75-7K3M-Q9TX-R" in await answer.text()
    assert apis.calls[-1][2] == ReferralQuery(iin="880315400128")
    assert "880315400128" not in str(answer.url)


async def test_a_search_by_code_asks_for_the_code(console, signed_in, apis):
    csrf = await signed_in()
    await console.post(
        "/referrals/search", data={"csrf": csrf, "query": " 75-7K3M-Q9TX-R "}
    )
    assert apis.calls[-1][2] == ReferralQuery(code="75-7K3M-Q9TX-R")


async def test_an_empty_search_asks_for_a_code_or_iin(console, signed_in):
    csrf = await signed_in()
    answer = await console.post(
        "/referrals/search?lang=en", data={"csrf": csrf, "query": ""}
    )
    assert "12-digit IIN" in await answer.text()


async def test_the_referral_page_shows_the_queue_history_and_notifications(
    console, signed_in
):
    await signed_in()
    page = await (await console.get("/referrals/r-1?lang=en")).text()
    assert "2027-01-10 to 2027-01-24" in page
    assert "<dd>7 of 40</dd>" in page  # the queue's position
    assert page.count("<time") == 3  # two steps of history, one message
    assert "SMS · +7701***4567 · Sent" in page
    assert "2026-11-30 13:15" in page  # Almaty time, not UTC
    assert 'action="/referrals/r-1/cancel"' in page
    assert 'action="/referrals/r-1/renew"' in page
    assert 'action="/referrals/r-1/reinstate"' not in page


async def test_a_closed_referral_offers_reinstatement(console, signed_in, apis):
    apis.referrals_held["r-2"] = referral("r-2", status="cancelled")
    await signed_in()
    page = await (await console.get("/referrals/r-2")).text()
    assert 'action="/referrals/r-2/reinstate"' in page
    assert 'action="/referrals/r-2/renew"' not in page


async def test_cancelling_answers_with_what_happened_in_the_doctors_language(
    console, signed_in, apis
):
    await signed_in()
    page = await (await console.get("/referrals/r-1?lang=en")).text()
    answer = await console.post(
        "/referrals/r-1/cancel",
        data={"csrf": csrf_of(page), "reason_code": "duplicate", "note": ""},
    )
    assert "The referral is cancelled." in await answer.text()
    cancels = [call for call in apis.calls if call[0] == "cancel"]
    assert cancels[0][2][:2] == ("r-1", {"reason_code": "duplicate"})
    again = await (await console.get("/referrals/r-1")).text()
    assert "The referral is cancelled." not in again  # shown once


async def test_a_renewal_carries_the_pages_request_key(console, signed_in, apis):
    await signed_in()
    page = await (await console.get("/referrals/r-1")).text()
    form = {
        "csrf": csrf_of(page),
        "reason_code": "still_waiting",
        "valid_until": "2027-03-01",
        "request_key": "key-1-renew",
    }
    await console.post("/referrals/r-1/renew", data=form)
    renewals = [call for call in apis.calls if call[0] == "renew"]
    assert renewals[0][2] == (
        "r-1",
        {"reason_code": "still_waiting", "valid_until": "2027-03-01"},
        "key-1-renew",
    )


async def test_a_refused_field_is_shown_beside_it_with_what_was_typed(
    console, signed_in, apis
):
    apis.refusals["renew"] = ApiRefused(
        422,
        "invalid_fields",
        "Некоторые поля заполнены неверно.",
        {"valid_until": ["Дата должна быть позже текущей."]},
    )
    await signed_in()
    page = await (await console.get("/referrals/r-1?lang=ru")).text()
    answer = await console.post(
        "/referrals/r-1/renew",
        data={
            "csrf": csrf_of(page),
            "reason_code": "other",
            "valid_until": "2026-01-01",
        },
    )
    shown = await answer.text()
    assert answer.status == 422
    assert 'id="renew-valid_until-error">Дата должна быть позже текущей.' in shown
    assert 'value="2026-01-01" required aria-invalid="true"' in shown
    assert "Traceback" not in shown


async def test_a_refusal_without_fields_is_shown_at_the_top(console, signed_in, apis):
    apis.refusals["cancel"] = ApiRefused(
        409, "referral_closed", "The referral is closed."
    )
    await signed_in()
    page = await (await console.get("/referrals/r-1")).text()
    answer = await console.post(
        "/referrals/r-1/cancel", data={"csrf": csrf_of(page), "reason_code": "other"}
    )
    assert answer.status == 409
    assert 'role="alert">The referral is closed.' in await answer.text()


async def test_another_facilitys_referral_is_not_found(console, signed_in):
    await signed_in()
    answer = await console.get("/referrals/someone-elses?lang=en")
    assert answer.status == 404
    assert "There is no such referral among your facility" in await answer.text()


async def test_an_action_on_another_facilitys_referral_is_not_found(console, signed_in):
    csrf = await signed_in()
    answer = await console.post(
        "/referrals/someone-elses/cancel", data={"csrf": csrf, "reason_code": "other"}
    )
    assert answer.status == 404


async def test_a_clerk_may_not_open_the_doctors_pages(aiohttp_client, settings, apis):
    client = await aiohttp_client(
        console_app(settings, apis=apis, provider=FakeProvider(CLERK))
    )
    await sign_in(client)
    answer = await client.get("/referrals")
    assert answer.status == 403


async def test_a_token_the_services_no_longer_take_sends_the_doctor_to_sign_in(
    console, signed_in, apis
):
    await signed_in()

    async def refused(*_: object) -> None:
        raise TokenRefused("answered 401")

    apis.referral = refused  # type: ignore[method-assign]
    answer = await console.get("/referrals/r-1", allow_redirects=False)
    assert answer.status == 303 and "ended=expired" in answer.headers["Location"]


async def test_a_service_that_does_not_answer_is_a_page_saying_so(
    console, signed_in, apis
):
    await signed_in()

    async def silent(*_: object) -> None:
        raise ApiUnavailable("ClientConnectorError")

    apis.referral = silent  # type: ignore[method-assign]
    answer = await console.get("/referrals/r-1?lang=en")
    assert answer.status == 503
    assert "A service does not answer just now" in await answer.text()


async def test_the_list_shows_the_queues_expected_window_or_booked_day(
    console, signed_in, apis
):
    held = apis.referrals_held
    [first] = held.values()
    waiting = {**first, "estimated_earliest": "2027-01-10", "estimated_latest": None}
    held["r-1"] = waiting
    await signed_in()
    page = await (await console.get("/referrals?lang=ru")).text()
    assert "не ранее 2027-01-10" in page
    held["r-1"] = {**waiting, "scheduled_date": "2026-12-20"}
    page = await (await console.get("/referrals?lang=ru")).text()
    assert "<td>2026-12-20</td>" in page


async def test_the_referral_names_its_hospital_in_the_doctors_language(
    console, signed_in
):
    await signed_in()
    russian = await (await console.get("/referrals/r-1?lang=ru")).text()
    assert "Областной центр психического здоровья, Алматы" in russian
    english = await (await console.get("/referrals?lang=en")).text()
    assert "Regional Mental Health Centre, Almaty" in english
