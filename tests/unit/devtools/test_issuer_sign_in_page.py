"""The development sign-in page: in the reader's language, labelled, without
script; a request it cannot serve, or a form changed on the way, is a 400
page saying what is wrong."""

from __future__ import annotations

import pytest

from tests.unit.devtools.issuer_flow import asked, form_fields, served_issuer


@pytest.fixture
async def client(aiohttp_server, aiohttp_client, tmp_path):
    server, _ = await served_issuer(aiohttp_server, tmp_path)
    return await aiohttp_client(server)


async def test_the_page_is_in_the_language_ui_locales_asks_for_first(client):
    page = await client.get(
        "/authorize",
        params=asked(ui_locales="ru-KZ en"),
        headers={"Accept-Language": "en"},
    )
    text = await page.text()
    assert page.headers["Content-Language"] == "ru"
    assert '<html lang="ru">' in text
    assert "Вход для разработки" in text


@pytest.mark.parametrize(
    ("header", "language", "title"),
    [("en-GB,en;q=0.9", "en", "Development sign-in"), ("", "kk", "Әзірлеуге")],
)
async def test_without_ui_locales_the_browsers_language_else_kazakh(
    client, header, language, title
):
    page = await client.get(
        "/authorize", params=asked(), headers={"Accept-Language": header}
    )
    assert page.headers["Content-Language"] == language
    assert title in await page.text()


async def test_the_page_runs_no_script_and_is_not_kept(client):
    page = await client.get("/authorize", params=asked(ui_locales="en"))
    text = await page.text()
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert "<script" not in text
    assert page.headers["Cache-Control"] == "no-store"


async def test_every_field_has_a_label_and_the_roles_a_legend(client):
    text = await (await client.get("/authorize", params=asked(ui_locales="en"))).text()
    for field_id in ("role-doctor", "role-hospital", "role-admin", "facility", "name"):
        assert f'id="{field_id}"' in text and f'for="{field_id}"' in text
    assert "<legend>Role</legend>" in text
    assert "City Polyclinic No. 1, Astana (KZ-71-P01)" in text
    assert form_fields(text)["role"] == "doctor"


@pytest.mark.parametrize(
    ("changed", "message"),
    [
        (
            {"redirect_uri": "https://evil.example/cb"},
            "redirect_uri must be an http(s)",
        ),
        ({"code_challenge_method": "plain"}, "Only code_challenge_method=S256"),
        ({"response_type": "token"}, "Only response_type=code"),
        ({"code_challenge": ""}, "code_challenge is missing"),
    ],
)
async def test_a_request_it_cannot_serve_is_a_400_page_naming_the_problem(
    client, changed, message
):
    page = await client.get("/authorize", params=asked(ui_locales="en", **changed))
    assert page.status == 400
    text = await page.text()
    assert message in text
    assert "<form" not in text


async def test_the_refusal_is_in_the_readers_language(client):
    params = asked(ui_locales="kk", redirect_uri="https://evil.example/cb")
    page = await client.get("/authorize", params=params)
    assert page.status == 400
    assert "127.0.0.1 немесе localhost-тағы" in await page.text()


async def test_a_form_whose_request_was_changed_after_the_page_is_refused(client):
    page = await client.get("/authorize", params=asked(ui_locales="en"))
    form = {**form_fields(await page.text()), "redirect_uri": "http://localhost:9/x"}
    answer = await client.post("/authorize", data=form, allow_redirects=False)
    assert answer.status == 400
    assert "parameters are not the authorization request" in await answer.text()


async def test_a_form_without_a_name_comes_back_with_the_message_beside_it(client):
    page = await client.get("/authorize", params=asked(ui_locales="en"))
    form = {**form_fields(await page.text()), "name": " ", "facility": "KZ-71-H01"}
    answer = await client.post("/authorize", data=form, allow_redirects=False)
    text = await answer.text()
    assert answer.status == 400
    assert 'aria-describedby="name-error" aria-invalid="true"' in text
    assert 'id="name-error">Enter a name' in text
    assert form_fields(text)["facility"] == "KZ-71-H01"


async def test_the_home_page_points_to_the_discovery_document(client):
    page = await client.get("/", headers={"Accept-Language": "en"})
    assert page.status == 200
    assert "/.well-known/openid-configuration" in await page.text()
    style = await client.get("/sign-in.css")
    assert style.content_type == "text/css"


async def test_each_language_link_keeps_the_request(client):
    page = await client.get("/authorize", params=asked(ui_locales="en"))
    text = await page.text()
    assert 'lang="ru" aria-current="false"' in text
    assert (
        "code_challenge_method=S256&amp;scope=openid+profile&amp;ui_locales=kk" in text
    )
