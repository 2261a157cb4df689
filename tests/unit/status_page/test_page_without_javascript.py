"""The status page without JavaScript: a plain form POST looks up the
referral through the lookup's own checks and limits and answers with the
page filled in, in the page's language; refusals are the page with the
API's status and a message; the code and the IIN never reach a URL and no
answer is kept by a cache."""

from __future__ import annotations

import pytest

from tests.unit.queue.patients.patient_side import (
    patient_side,
    spend_guesses,
    wrong_iin,
)
from tests.unit.status_page.page_app import Page, page_client, posted


@pytest.fixture
def side():
    return patient_side(lookup_guesses_per_day=3)


@pytest.fixture
async def client(aiohttp_client, side):
    return await page_client(aiohttp_client, side)


async def test_a_form_post_answers_with_the_filled_in_page(client, side):
    ahead, mine = await side.queue.place(), await side.queue.place()
    page = await posted(client, "/", code=mine.code, iin=mine.iin, lang="ru")
    assert page.status == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Content-Language"] == "ru"
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "form-action 'self'" in policy
    assert "Location" not in page.headers
    assert page.says("ru", "status.waiting")
    assert page.shown("r-position") == "2 из 2"
    assert page.shown("r-hospital").startswith("Областной центр психического здоровья")
    assert not page.hidden("result") and page.hidden("message")
    assert ahead.code not in page.text


async def test_the_page_sends_code_and_iin_on_in_post_bodies_only(client, side):
    mine = await side.queue.place()
    page = await posted(client, "/", code=mine.code, iin=mine.iin, lang="en")
    assert page.text.count(f'value="{mine.iin}"') == 3  # the form, leaving, languages
    assert 'id="languages" class="languages" method="post" action="/"' in page.text
    assert 'id="leave-form" method="post" action="/cancel" novalidate' in page.text
    fresh = await client.get("/")
    assert 'id="languages" class="languages" method="get" action="/"' in (
        await fresh.text()
    )


async def test_a_wrong_iin_is_a_404_page_in_the_pages_language(client, side):
    mine = await side.queue.place()
    page = await posted(client, "/", code=mine.code, iin=wrong_iin(mine.iin), lang="kk")
    assert page.status == 404 and page.headers["Cache-Control"] == "no-store"
    assert page.shown("message") and page.says("kk", "error.not_found")
    assert page.hidden("result")
    assert f'value="{mine.code}"' in page.text  # the code kept, to correct


async def test_fields_that_cannot_be_right_ask_to_check_them(client, side):
    mine = await side.queue.place()
    short = await posted(client, "/", code=mine.code, iin=mine.iin[:11], lang="en")
    assert short.status == 422 and short.says("en", "error.invalid")
    empty = await posted(client, "/", lang="en")
    assert empty.status == 422 and empty.says("en", "error.invalid")
    spaced = await posted(
        client, "/", code=f" {mine.code} ", iin=f"{mine.iin[:6]} {mine.iin[6:]}"
    )
    assert spaced.status == 200  # as page.js sends it: trimmed, digits only


async def test_a_spent_code_asks_for_the_one_time_code_on_the_page(client, side):
    mine = await side.queue.place()
    await spend_guesses(side, mine.code, mine.iin)
    asked = await posted(client, "/", code=mine.code, iin=mine.iin, lang="ru")
    assert asked.status == 403 and asked.says("ru", "verification.required")
    assert not asked.hidden("otp-step") and not asked.hidden("resend-step")
    assert asked.says("ru", "form.otp.wait", seconds=60)
    [sent] = await side.sent_codes()
    wrong = f"{(int(sent) + 1) % 1_000_000:06d}"
    failed = await posted(
        client, "/", code=mine.code, iin=mine.iin, one_time_code=wrong, lang="ru"
    )
    assert failed.status == 403 and failed.says("ru", "error.otp_wrong")
    malformed = await posted(
        client, "/", code=mine.code, iin=mine.iin, one_time_code="12", lang="ru"
    )
    assert malformed.status == 422 and malformed.says("ru", "error.otp_invalid")
    assert not malformed.hidden("otp-step")
    page = await posted(
        client, "/", code=mine.code, iin=mine.iin, one_time_code=sent, lang="ru"
    )
    assert page.status == 200 and page.says("ru", "status.waiting")
    assert f'name="one_time_code" value="{sent}"' in page.text  # for the next step


async def test_asking_for_a_new_one_time_code_says_it_is_on_its_way(client, side):
    mine = await side.queue.place()
    await spend_guesses(side, mine.code, mine.iin)
    resent = await posted(
        client,
        "/",
        code=mine.code,
        iin=mine.iin,
        one_time_code="111111",
        resend="1",
        lang="en",
    )
    assert resent.status == 403 and resent.says("en", "verification.resent")
    assert len(await side.sent_codes()) == 1


async def test_the_flood_guard_answers_429_with_retry_after(aiohttp_client):
    side = patient_side(lookup_ip_burst=1, lookup_ip_per_minute=1)
    client = await page_client(aiohttp_client, side)
    mine = await side.queue.place()
    assert (await posted(client, "/", code=mine.code, iin=mine.iin)).status == 200
    page = await posted(client, "/", code=mine.code, iin=mine.iin, lang="en")
    assert page.status == 429 and page.headers["Retry-After"] == "60"
    assert page.says("en", "error.rate_limited", seconds=60)


async def test_the_language_buttons_show_a_shown_result_again_in_their_language(
    client, side
):
    mine = await side.queue.place()
    english = await posted(client, "/", code=mine.code, iin=mine.iin, lang="en")
    assert english.says("en", "status.waiting")
    assert 'data-lang="en" lang="en" aria-pressed="true"' in english.text
    kazakh = await posted(client, "/", code=mine.code, iin=mine.iin, lang="kk")
    assert kazakh.headers["Content-Language"] == "kk" and kazakh.says(
        "kk", "status.waiting"
    )
    plain = await client.get("/?lang=ru")
    assert plain.headers["Content-Language"] == "ru"


async def test_the_forms_are_documented_as_forms_answered_with_the_page(client):
    document = await (await client.get("/openapi.json")).json()
    for path in ("/", "/cancel"):
        operation = document["paths"][path]["post"]
        form = operation["requestBody"]["content"]
        assert set(form) == {"application/x-www-form-urlencoded"}
        assert "400" not in operation["responses"]
        for status in ("200", "403", "404", "415", "422", "429"):
            assert set(operation["responses"][status]["content"]) == {"text/html"}
    lookup = document["paths"]["/v1/queue/lookup"]["post"]
    assert set(lookup["requestBody"]["content"]) == {"application/json"}
    assert "415" in lookup["responses"]


@pytest.mark.parametrize(
    "content_type", ["application/json", "multipart/form-data", "text/plain"]
)
async def test_a_body_that_is_not_a_form_is_a_415_page(client, side, content_type):
    mine = await side.queue.place()
    for path in ("/", "/cancel"):
        response = await client.post(
            path,
            data=f"code={mine.code}&iin={mine.iin}&reason_code=moved",
            headers={"Content-Type": content_type, "Accept-Language": "en"},
        )
        page = Page(response.status, response.headers, await response.text())
        assert page.status == 415 and page.says("en", "error.invalid")
        assert page.hidden("result")
    assert side.queue.book.get(mine.code).status == "waiting"
