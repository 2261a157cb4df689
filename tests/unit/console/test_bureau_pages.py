"""The bureau's pages on fake services: every hospital's waits as a table
and a chart, the entries at risk of the maximum wait, a queue log checked."""

from __future__ import annotations

import pytest

from services.console.bootstrap import console_app
from shared.identity import Principal
from tests.unit.console.browsing import sign_in
from tests.unit.console.fakes import FakeProvider

BUREAU = Principal("admin", "BUREAU", "bureau-gulnar", "Gulnar")


@pytest.fixture
async def bureau(aiohttp_client, settings, apis):
    client = await aiohttp_client(
        console_app(settings, apis=apis, provider=FakeProvider(BUREAU))
    )
    await sign_in(client)
    return client


async def test_the_bureau_lands_on_every_hospitals_waits_with_a_chart(bureau, apis):
    answer = await bureau.get("/?lang=en")
    page = await answer.text()
    assert str(answer.url).endswith("/bureau?lang=en")
    assert "Almaty mental health centre" in page and "20–35" in page
    assert '<svg role="img"' in page and "<rect" in page
    assert apis.calls[-1][2] == {"lang": "en"}


async def test_the_waits_filter_by_region_and_profile(bureau, apis):
    await bureau.get("/bureau?region=75&bed_profile=psychiatry&lang=ru")
    assert apis.calls[-1][2] == {
        "region": "75",
        "bed_profile": "psychiatry",
        "lang": "ru",
    }


async def test_the_wait_guarantee_list_links_each_queue_to_its_log(bureau, apis):
    page = await (
        await bureau.get("/bureau/wait-guarantee?flag=at_risk&lang=en")
    ).text()
    assert 'href="/bureau/queues/q-1/log"' in page and "2026-12-20" in page
    assert apis.calls[-1][2] == {"flag": "at_risk"}


async def test_an_unknown_flag_is_not_asked_for(bureau, apis):
    await bureau.get("/bureau/wait-guarantee?flag=nonsense")
    assert apis.calls[-1][2] == {}


async def test_a_queue_log_says_its_chain_is_intact(bureau):
    page = await (await bureau.get("/bureau/queues/q-1/log?lang=en")).text()
    assert "The chain is intact: 40 records checked." in page


async def test_a_doctor_may_not_open_the_bureaus_pages(console, signed_in):
    await signed_in()
    assert (await console.get("/bureau")).status == 403
