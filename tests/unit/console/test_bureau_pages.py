"""The bureau's pages on a fake queue service: the overview's table and
charts (the same numbers), the maximum-wait list and its filters, a queue's
log checked; each in the admin's language, refused to other roles, a
refusal shown as its message."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from services.console.apis import ApiRefused, ApiUnavailable
from services.console.bootstrap import console_app
from services.console.bureau_apis import FacilitiesQuery, GuaranteeQuery
from services.console.charts import BAR_SPACE
from tests.unit.console.browsing import sign_in
from tests.unit.console.bureau_fakes import ADMIN, FakeBureauApis
from tests.unit.console.fakes import CLERK, DOCTOR, FakeProvider

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def bureau() -> FakeBureauApis:
    return FakeBureauApis()


@pytest.fixture
def provider() -> FakeProvider:
    return FakeProvider(ADMIN)


@pytest.fixture
async def console(aiohttp_client, settings, apis, provider, bureau):
    app = console_app(settings, apis=apis, provider=provider, bureau_apis=bureau)
    return await aiohttp_client(app)


def charts(page: str) -> dict[str, ElementTree.Element]:
    found = re.findall(r"<svg .*?</svg>", page, re.S)
    drawn = [ElementTree.fromstring(svg) for svg in found]
    return {svg.get("id"): svg for svg in drawn}


def bar_widths(svg: ElementTree.Element) -> list[float]:
    return [float(rect.get("width")) for rect in svg.iter(f"{SVG}rect")]


async def test_the_admin_lands_on_the_overview(console):
    started = await console.get("/sign-in", allow_redirects=False)
    state = re.search(r"state=([^&]+)", started.headers["Location"])[1]
    back = await console.get(
        f"/auth/callback?code=c&state={state}", allow_redirects=False
    )
    assert back.headers["Location"] == "/bureau"


async def test_the_overview_shows_each_hospitals_numbers_in_russian(console, bureau):
    await sign_in(console)
    answer = await console.get("/bureau?lang=ru")
    page = await answer.text()
    assert answer.status == 200 and answer.headers["Cache-Control"] == "no-store"
    assert "Ожидание и койки во всех больницах" in page
    assert "Городская больница &lt;№1&gt;" in page and "<script" not in page
    assert "от 10 до 30 дн." in page and "не менее 20 дн." in page
    assert "Оценки пока нет" in page and "Поликлиника" not in page
    assert "Психиатрия · " in page  # the profile named in a bar's label
    name, caller, query = bureau.calls[-1]
    assert (name, caller.token, caller.language) == (
        "facilities",
        "token-of-bureau-saule",
        "ru",
    )
    assert query == FacilitiesQuery()


async def test_the_charts_are_well_formed_and_hold_the_tables_numbers(console):
    await sign_in(console)
    drawn = charts(await (await console.get("/bureau?lang=en")).text())
    waiting, wait = drawn["waiting-chart"], drawn["wait-chart"]
    assert waiting.find(f"{SVG}title").text == "Waiting per hospital and bed profile"
    assert wait.get("aria-labelledby") == "wait-chart-title wait-chart-desc"
    assert bar_widths(waiting) == [BAR_SPACE, BAR_SPACE / 4, BAR_SPACE / 2]
    assert bar_widths(wait) == [BAR_SPACE, BAR_SPACE * 20 / 30]
    values = [t.text for t in wait.iter(f"{SVG}text")][1::2]
    assert values == ["30", "≥20"]


async def test_each_row_leads_to_its_queues_list_and_log(console):
    await sign_in(console)
    page = await (await console.get("/bureau?lang=en")).text()
    queue = "facility_id=KZ-75-M01&amp;bed_profile=narcology"
    assert f'href="/bureau/wait-guarantee?{queue}"' in page
    assert f'href="/bureau/queue-log?{queue}"' in page


async def test_a_queue_service_that_does_not_answer_is_said_so(console, bureau):
    bureau.refusals["facilities"] = ApiUnavailable("answered 503")
    await sign_in(console)
    answer = await console.get("/bureau?lang=en")
    assert answer.status == 503 and "Traceback" not in await answer.text()


async def test_a_refused_overview_shows_the_apis_message(console, bureau):
    bureau.refusals["facilities"] = ApiRefused(
        422, "validation_failed", "Өрістер қате."
    )
    await sign_in(console)
    answer = await console.get("/bureau?lang=kk")
    assert answer.status == 422 and "Өрістер қате." in await answer.text()


async def test_the_overview_filters_by_region_and_profile(console, bureau):
    await sign_in(console)
    page = await (await console.get("/bureau?region=75&bed_profile=psychiatry")).text()
    assert bureau.calls[-1][2] == FacilitiesQuery("75", "psychiatry")
    assert '<option value="75" selected>' in page


async def test_an_unknown_filter_in_the_url_is_ignored(console, bureau):
    await sign_in(console)
    answer = await console.get("/bureau?region=<x>&bed_profile=nothing")
    assert answer.status == 200 and bureau.calls[-1][2] == FacilitiesQuery()


async def test_the_maximum_wait_list_shows_no_iin_and_no_name_in_kazakh(
    console, bureau
):
    await sign_in(console)
    answer = await console.get("/bureau/wait-guarantee?lang=kk")
    page = await answer.text()
    assert answer.status == 200 and answer.headers["Cache-Control"] == "no-store"
    assert "Ең ұзақ күту мерзімі" in page and "Мерзімінен асқан" in page
    assert "KZ-75-M01:psychiatry" in page and "r-77" in page
    assert not re.search(r"\b\d{12}\b", page)
    assert bureau.calls[-1][1].language == "kk"


async def test_the_maximum_wait_filters_go_to_the_api(console, bureau):
    await sign_in(console)
    await console.get(
        "/bureau/wait-guarantee?region=75&bed_profile=psychiatry"
        "&facility_id=KZ-75-M01&flag=at_risk&page=2&offset=9"
    )
    query = bureau.calls[-1][2]
    assert query == GuaranteeQuery("75", "psychiatry", "KZ-75-M01", "at_risk", 2)
    assert query.listing()["offset"] == "50"


async def test_a_refused_list_shows_the_apis_message(console, bureau):
    bureau.refusals["wait_guarantee"] = ApiRefused(
        422, "validation_failed", "Неверные поля запроса."
    )
    await sign_in(console)
    answer = await console.get("/bureau/wait-guarantee?lang=ru")
    page = await answer.text()
    assert answer.status == 422 and "Неверные поля запроса." in page
    assert "Traceback" not in page


async def test_the_queue_log_says_the_chain_is_intact_in_english(console, bureau):
    bureau.log_length = 45
    await sign_in(console)
    page = await (
        await console.get(
            "/bureau/queue-log?facility_id=KZ-75-M01&bed_profile=psychiatry&lang=en"
        )
    ).text()
    assert "The chain is intact: 45 records checked." in page
    shown = re.findall(r"<tr>\s*<td>(\d+)</td>", page)
    assert shown == [str(n) for n in range(45, 25, -1)]
    asked = [call[2] for call in bureau.calls if call[0] == "queue_log"]
    assert asked == [("KZ-75-M01:psychiatry", 0, 20), ("KZ-75-M01:psychiatry", 25, 20)]
    assert "Айгерим" not in page


async def test_a_broken_chain_is_said_in_russian(console, bureau):
    bureau.intact = False
    await sign_in(console)
    page = await (
        await console.get(
            "/bureau/queue-log?facility_id=KZ-75-M01&bed_profile=psychiatry&lang=ru"
        )
    ).text()
    assert "Цепочка нарушена на записи 7." in page and 'role="alert"' in page
    assert "Госпитализация назначена → Госпитализирован" in page


async def test_a_queue_never_changed_is_said_so(console, bureau):
    bureau.refusals["queue_log"] = ApiRefused(404, "not_found", "No such queue.")
    await sign_in(console)
    answer = await console.get(
        "/bureau/queue-log?facility_id=KZ-75-M01&bed_profile=therapy&lang=en"
    )
    assert answer.status == 404 and "No such queue." in await answer.text()


async def test_the_log_page_asks_for_a_queue_first(console, bureau):
    await sign_in(console)
    page = await (await console.get("/bureau/queue-log?lang=en")).text()
    assert "Choose a hospital and a bed profile." in page
    assert [call for call in bureau.calls if call[0] == "queue_log"] == []


@pytest.mark.parametrize("user", [DOCTOR, CLERK])
@pytest.mark.parametrize(
    "path", ["/bureau", "/bureau/wait-guarantee", "/bureau/queue-log"]
)
async def test_another_role_is_refused(aiohttp_client, settings, apis, user, path):
    bureau = FakeBureauApis()
    app = console_app(
        settings, apis=apis, provider=FakeProvider(user), bureau_apis=bureau
    )
    client = await aiohttp_client(app)
    await sign_in(client)
    answer = await client.get(path)
    assert answer.status == 403 and not bureau.calls


async def test_the_bureau_pages_need_a_session(console):
    answer = await console.get("/bureau", allow_redirects=False)
    assert answer.status == 303 and answer.headers["Location"].startswith("/?")


async def test_the_admins_navigation_names_the_three_pages(console):
    await sign_in(console)
    page = await (await console.get("/bureau/wait-guarantee?lang=en")).text()
    assert 'href="/bureau/wait-guarantee" aria-current="page"' in page
    assert 'href="/bureau/queue-log"' in page and 'href="/bureau"' in page


async def test_the_maximum_wait_list_pages_keep_the_filters(console, bureau):
    bureau.guarantee_held = {**bureau.guarantee_held, "total": 120}
    await sign_in(console)
    page = await (
        await console.get("/bureau/wait-guarantee?region=75&page=2&lang=en")
    ).text()
    assert 'href="/bureau/wait-guarantee?region=75&amp;page=1"' in page
    assert 'href="/bureau/wait-guarantee?region=75&amp;page=3"' in page
