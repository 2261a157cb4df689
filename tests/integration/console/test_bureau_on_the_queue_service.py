"""The bureau's pages on the real services (real HTTP on 127.0.0.1, the
real broker and store): the overview holds the queue service's numbers for
a queue a referral joined, and that queue's log is verified intact. The
identity provider is the one fake: it signs the admin in with a token the
services verify."""

from __future__ import annotations

import re
from typing import Any
from xml.etree import ElementTree

import pytest

from services.console.bootstrap import console_app
from services.console.charts import clipped
from shared.identity import Principal
from tests.factories import random_iin
from tests.integration.console.on_the_services import (
    ServicesTokenProvider,
    console_settings,
    token_of,
)
from tests.integration.three_services import HOSPITAL, Kezek
from tests.unit.console.browsing import sign_in
from tests.unit.referral.factories import referral_body, with_patient

BUREAU = "KZ-00-ADMIN"
SVG = "{http://www.w3.org/2000/svg}"


ADMIN = Principal("admin", BUREAU, "user-q7", "Bureau")


@pytest.fixture
async def console(aiohttp_client, kezek: Kezek) -> Any:
    provider = ServicesTokenProvider(token_of(kezek, ADMIN), ADMIN)
    return await aiohttp_client(console_app(console_settings(kezek), provider=provider))


async def figures_in_the_api(kezek: Kezek) -> tuple[str, dict[str, Any]]:
    """The hospital's English name and its psychiatry numbers, as the queue
    service answers anyone."""
    answer = await kezek.queue.get(
        "/v1/facilities",
        params={"region": "75", "bed_profile": "psychiatry", "lang": "en"},
    )
    listed = (await answer.json())["facilities"]
    hospital = next(f for f in listed if f["id"] == HOSPITAL)
    return hospital["name"], hospital["bed_profiles"][0]


async def test_the_overview_shows_the_queue_services_numbers(kezek, console):
    await kezek.refer(with_patient(referral_body(), iin=random_iin()))
    await sign_in(console)
    answer = await console.get("/bureau?region=75&bed_profile=psychiatry&lang=en")
    page = await answer.text()
    assert answer.status == 200, page
    name, figures = await figures_in_the_api(kezek)
    assert figures["waiting"] >= 1
    row = re.search(rf'<th scope="row">{re.escape(name)}</th>(.*?)</tr>', page, re.S)
    cells = re.findall(r"<td>([^<]*)</td>", row[1])
    numbers = [figures["beds"], figures["free_beds"], figures["waiting"]]
    assert cells[1:5] == ["Psychiatry", *map(str, numbers)]  # named, in English
    chart = re.search(r'<svg [^>]*id="waiting-chart".*?</svg>', page, re.S)[0]
    texts = [t.text for t in ElementTree.fromstring(chart).iter(f"{SVG}text")]
    label = texts.index(clipped(f"Psychiatry · {name}"))
    assert texts[label + 1] == str(figures["waiting"])


async def test_a_queues_log_is_verified_intact(kezek, console):
    await kezek.refer(with_patient(referral_body(), iin=random_iin()))
    await sign_in(console)
    answer = await console.get(
        f"/bureau/queue-log?facility_id={HOSPITAL}&bed_profile=psychiatry&lang=ru"
    )
    page = await answer.text()
    assert answer.status == 200, page
    assert "Цепочка цела" in page and f"Очередь {HOSPITAL}:psychiatry" in page
    assert "queue.entry_placed" in page


async def test_the_maximum_wait_list_answers_for_the_admin(kezek, console):
    await sign_in(console)
    answer = await console.get("/bureau/wait-guarantee?region=75&lang=kk")
    page = await answer.text()
    assert answer.status == 200, page
    assert "Ең ұзақ күту мерзімі" in page and "Traceback" not in page
