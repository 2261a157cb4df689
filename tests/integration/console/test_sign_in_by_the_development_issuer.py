"""Signing in to the console through the development issuer, both on real
ports of 127.0.0.1, as a browser does it: the console sends the browser to
the issuer's page, the page's form sends it back with a code, the console
redeems the code with its PKCE verifier, checks the tokens by the issuer's
JWKS and starts the session; a token about to expire is renewed by the
issuer's refresh tokens, each used once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from yarl import URL

from services.console.bootstrap import console_app
from services.console.settings import ConsoleSettings
from shared.devtools.issuer.issuing import DevelopmentIssuer
from shared.embedded import free_port
from tests.unit.console.fakes import FakeApis
from tests.unit.devtools.issuer_flow import form_fields, served_issuer


@pytest.fixture
async def issuer(aiohttp_server, tmp_path: Path) -> DevelopmentIssuer:
    _, development_issuer = await served_issuer(aiohttp_server, tmp_path / "issuer")
    return development_issuer


@pytest.fixture
async def issuer_url(issuer: DevelopmentIssuer) -> str:
    return issuer.url


@pytest.fixture
async def console_url(aiohttp_server, issuer_url: str) -> str:
    port = free_port()
    settings = ConsoleSettings(
        kezek_env="development",
        cookie_secure=False,
        oidc_issuer=issuer_url,
        console_public_url=f"http://127.0.0.1:{port}",
    )
    await aiohttp_server(console_app(settings, apis=FakeApis()), port=port)
    return f"http://127.0.0.1:{port}"


@pytest.fixture
async def browser() -> AsyncIterator[aiohttp.ClientSession]:
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as session:
        yield session


async def through_the_issuer(
    browser: aiohttp.ClientSession, console_url: str, **chosen: str
) -> str:
    """The callback address the issuer's page sends the browser to."""
    async with browser.get(
        f"{console_url}/sign-in?lang=ru", allow_redirects=False
    ) as started:
        assert started.status == 302
        authorize = started.headers["Location"]
    assert "code_challenge_method=S256" in authorize and "ui_locales=ru" in authorize
    async with browser.get(authorize) as page:
        assert page.status == 200, await page.text()
        form = form_fields(await page.text())
    async with browser.post(
        authorize.split("?")[0], data={**form, **chosen}, allow_redirects=False
    ) as signed:
        assert signed.status == 302, await signed.text()
        return signed.headers["Location"]


async def get(browser: aiohttp.ClientSession, url: str) -> Any:
    async with browser.get(url, allow_redirects=False) as answer:
        return answer.status, answer.headers.get("Location", ""), await answer.text()


async def test_a_doctor_signs_in_and_lands_on_their_referrals(browser, console_url):
    callback = await through_the_issuer(
        browser, console_url, role="doctor", facility="KZ-75-P01", name="Алия Бекова"
    )
    assert callback.startswith(f"{console_url}/auth/callback?")
    status, location, _ = await get(browser, callback)
    assert (status, location) == (303, "/referrals")
    status, location, _ = await get(browser, f"{console_url}/")
    assert (status, location) == (303, "/referrals")  # the session holds


async def test_a_clerk_signs_in_and_sees_their_name_and_facility(browser, console_url):
    callback = await through_the_issuer(
        browser, console_url, role="hospital", facility="KZ-75-M01", name="Дана"
    )
    await get(browser, callback)
    status, _, page = await get(browser, f"{console_url}/admissions?lang=ru")
    assert status == 200 and "Дана · KZ-75-M01" in page


async def test_short_tokens_are_renewed_by_rotating_refresh_tokens(
    browser, console_url, issuer
):
    issuer.lifetime = timedelta(seconds=20)  # within the console's renewal time
    redeem, redeemed = issuer.refreshes.redeem, []

    def counted(token: str, *, client_id: str) -> Any:
        redeemed.append(token)
        return redeem(token, client_id=client_id)

    issuer.refreshes.redeem = counted  # type: ignore[method-assign]
    callback = await through_the_issuer(
        browser, console_url, role="hospital", facility="KZ-75-M01", name="Дана"
    )
    await get(browser, callback)
    for _ in range(3):  # each page renews, with the refresh token given last
        status, location, _ = await get(browser, f"{console_url}/admissions")
        assert (status, location) == (200, "")
    assert len(set(redeemed)) == len(redeemed) == 3


async def test_a_code_redeemed_once_is_refused_the_second_time(browser, console_url):
    callback = await through_the_issuer(
        browser, console_url, role="doctor", facility="KZ-75-P01", name="Алия"
    )
    flow = browser.cookie_jar.filter_cookies(URL(console_url))["kezek-sign-in"]
    assert (await get(browser, callback))[0] == 303
    browser.cookie_jar.clear()
    browser.cookie_jar.update_cookies({"kezek-sign-in": flow.value}, URL(console_url))
    status, _, page = await get(browser, callback)
    assert status == 400 and "<h1>" in page


async def test_sign_out_ends_the_session_signed_in_by_the_issuer(browser, console_url):
    callback = await through_the_issuer(
        browser, console_url, role="hospital", facility="KZ-75-M01", name="Дана"
    )
    await get(browser, callback)
    _, _, page = await get(browser, f"{console_url}/admissions")
    csrf = page.split('name="csrf" value="')[1].split('"')[0]
    async with browser.post(
        f"{console_url}/sign-out", data={"csrf": csrf}, allow_redirects=False
    ) as out:
        assert out.status == 303
    status, location, _ = await get(browser, f"{console_url}/admissions")
    assert status == 303 and location.startswith("/?ended=none")
