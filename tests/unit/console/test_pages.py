"""The console's pages on fake services: every page with its security
headers and language, sign-in and sign-out, CSRF refused, sessions that
end sending the browser to sign in again."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.unit.console.browsing import csrf_of

PAGES = ("/", "/referrals", "/referrals/r-1", "/referrals/unknown")


@pytest.mark.parametrize("path", PAGES)
async def test_every_page_has_the_policy_no_store_and_its_language(
    console, signed_in, path
):
    await signed_in()
    answer = await console.get(path + "?lang=ru")
    policy = answer.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "form-action 'self' http://127.0.0.1:8090" in policy
    assert "'unsafe-inline'" not in policy
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["Referrer-Policy"] == "no-referrer"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    page = await answer.text()
    assert '<html lang="ru">' in page and '<main id="main"' in page
    assert 'href="#main"' in page and "<script" not in page and "style=" not in page


async def test_the_welcome_page_has_the_policy_before_sign_in(console):
    answer = await console.get("/")
    assert "default-src 'self'" in answer.headers["Content-Security-Policy"]
    assert 'href="/sign-in"' in await answer.text()


async def test_the_language_asked_for_is_kept_in_a_cookie(console):
    first = await console.get("/?lang=en")
    assert first.headers["Content-Language"] == "en"
    again = await console.get("/")
    assert '<html lang="en">' in await again.text()


async def test_without_a_choice_the_browser_language_is_used(console):
    answer = await console.get("/", headers={"Accept-Language": "ru-KZ, en;q=0.5"})
    assert answer.headers["Content-Language"] == "ru"


async def test_a_page_behind_sign_in_sends_the_browser_to_sign_in(console):
    answer = await console.get("/referrals/r-1", allow_redirects=False)
    assert answer.status == 303
    assert answer.headers["Location"] == "/?ended=none&next=%2Freferrals%2Fr-1"


async def test_sign_in_passes_the_language_and_comes_back_to_the_page_asked(
    console, provider
):
    started = await console.get(
        "/sign-in?next=/referrals/r-1&lang=kk", allow_redirects=False
    )
    assert "ui_locales=kk" in started.headers["Location"]
    state = re.search(r"state=([^&]+)", started.headers["Location"])[1]
    back = await console.get(
        f"/auth/callback?code=c&state={state}", allow_redirects=False
    )
    assert back.headers["Location"] == "/referrals/r-1"
    assert provider.finished[0][1] == "c"


async def test_a_callback_with_another_state_is_refused(console, provider):
    await console.get("/sign-in", allow_redirects=False)
    back = await console.get("/auth/callback?code=c&state=forged")
    assert back.status == 400 and not provider.finished


async def test_a_callback_without_the_sign_in_cookie_is_refused(console, provider):
    back = await console.get("/auth/callback?code=c&state=state-0")
    assert back.status == 400 and not provider.finished


async def test_another_site_is_never_where_sign_in_returns(console):
    started = await console.get("/sign-in?next=//evil.example/", allow_redirects=False)
    state = re.search(r"state=([^&]+)", started.headers["Location"])[1]
    back = await console.get(
        f"/auth/callback?code=c&state={state}", allow_redirects=False
    )
    assert back.headers["Location"] == "/referrals"


async def test_a_post_without_the_csrf_token_is_refused_in_the_users_language(
    console, signed_in, apis
):
    await signed_in()
    answer = await console.post(
        "/referrals/r-1/cancel?lang=ru", data={"reason_code": "duplicate"}
    )
    assert answer.status == 403
    assert '<html lang="ru">' in await answer.text()
    assert not [call for call in apis.calls if call[0] == "cancel"]


async def test_a_post_with_another_csrf_token_is_refused(console, signed_in):
    await signed_in()
    answer = await console.post("/sign-out", data={"csrf": "x" * 43})
    assert answer.status == 403


async def test_sign_out_ends_the_session(console, signed_in):
    csrf = await signed_in()
    out = await console.post("/sign-out", data={"csrf": csrf}, allow_redirects=False)
    assert out.headers["Location"] == "/?ended=signed_out"
    after = await console.get("/referrals", allow_redirects=False)
    assert after.status == 303


async def test_sign_out_ends_the_providers_session_too_when_it_can(
    console, signed_in, provider
):
    provider.ends_sessions = True
    csrf = await signed_in()
    out = await console.post(
        "/sign-out?lang=ru", data={"csrf": csrf}, allow_redirects=False
    )
    assert out.headers["Location"] == "http://issuer.test/logout?ui_locales=ru"
    after = await console.get("/referrals", allow_redirects=False)
    assert after.status == 303  # the console's session is over as well


async def test_an_expired_token_ends_the_session_with_a_message(console, provider):
    provider.lifetime = timedelta(seconds=-1)
    started = await console.get("/sign-in", allow_redirects=False)
    state = re.search(r"state=([^&]+)", started.headers["Location"])[1]
    await console.get(f"/auth/callback?code=c&state={state}", allow_redirects=False)
    page = await console.get("/referrals", headers={"Accept-Language": "en"})
    assert "Your session has ended" in await page.text()


async def test_the_stylesheet_is_served_from_the_console(console):
    answer = await console.get("/static/console.css")
    assert answer.content_type == "text/css" and "@media" in await answer.text()


async def test_readiness_needs_no_store_or_broker(console):
    answer = await console.get("/readyz")
    assert answer.status == 200 and (await answer.json())["status"] == "ready"


def test_the_csrf_token_is_in_every_form_of_a_page():
    page = '<form><input type="hidden" name="csrf" value="abc"></form>'
    assert csrf_of(page) == "abc"


@pytest.mark.parametrize(
    ("language", "heading"),
    [("kk", "Менің ұйымымның жолдамалары"), ("ru", "Направления моей организации")],
)
async def test_the_pages_speak_the_language_chosen(
    console, signed_in, language, heading
):
    await signed_in()
    page = await (await console.get(f"/referrals?lang={language}")).text()
    assert f"<h1>{heading}</h1>" in page


async def test_a_page_the_console_lacks_is_an_html_404_in_the_readers_language(
    console,
):
    answer = await console.get("/no/such/page?lang=ru")
    assert answer.status == 404 and answer.content_type == "text/html"
    assert "В консоли нет такой страницы." in await answer.text()
    assert "Content-Security-Policy" in answer.headers


async def test_another_method_on_a_page_is_a_405(console):
    answer = await console.put("/referrals")
    assert answer.status == 405
