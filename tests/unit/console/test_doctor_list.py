"""The doctor's list on fake services: only the doctor's own referrals or
the whole facility's, kept across pages and the status filter; each waiting
referral with its place in the queue, asked once a page, and the list shown
without places when the queue does not answer."""

from __future__ import annotations

from services.console.apis import ReferralQuery
from tests.unit.console.fakes import FakeApis, referral


def forget_the_landing(apis: FakeApis) -> None:
    """Forget the calls of the page signing in lands on."""
    apis.calls.clear()
    apis.positions_asked.clear()


async def test_only_mine_is_sent_to_the_api_and_kept_across_pages(
    console, signed_in, apis
):
    await signed_in()
    forget_the_landing(apis)
    page = await (
        await console.get("/referrals?mine=true&status=waiting&page=2&lang=en")
    ).text()
    [query] = [asked for name, _, asked in apis.calls if name == "referrals"]
    assert query == ReferralQuery(status="waiting", page=2, mine=True)
    assert query.listing() == {"status": "waiting", "page": "2", "mine": "true"}
    assert 'href="/referrals?page=1&amp;status=waiting&amp;mine=true"' in page
    assert '<option value="true" selected>Only mine</option>' in page
    assert "<h1>My referrals</h1>" in page


async def test_the_whole_facilitys_list_is_the_default(console, signed_in, apis):
    await signed_in()
    forget_the_landing(apis)
    page = await (await console.get("/referrals?mine=yes&page=2&lang=ru")).text()
    [query] = [asked for name, _, asked in apis.calls if name == "referrals"]
    assert query == ReferralQuery(page=2) and "mine" not in query.listing()
    assert 'href="/referrals?page=1"' in page
    assert '<option value="true">Только мои</option>' in page
    assert "Направления моей организации" in page


async def test_each_waiting_referral_shows_its_place_asked_once_a_page(
    console, signed_in, apis
):
    apis.referrals_held["r-2"] = referral("r-2", status="scheduled")
    apis.referrals_held["r-3"] = referral("r-3")
    await signed_in()
    forget_the_landing(apis)
    page = await (await console.get("/referrals?lang=ru")).text()
    assert apis.positions_asked == [["r-1", "r-3"]]
    assert page.count("12 из 340") == 2


async def test_without_waiting_referrals_the_queue_is_not_asked(
    console, signed_in, apis
):
    apis.referrals_held["r-1"] = referral("r-1", status="cancelled")
    await signed_in()
    forget_the_landing(apis)
    await console.get("/referrals")
    assert apis.positions_asked == []


async def test_the_list_shows_without_places_when_the_queue_does_not_answer(
    console, signed_in, apis
):
    apis.queue_down = True
    await signed_in()
    forget_the_landing(apis)
    answer = await console.get("/referrals?lang=en")
    page = await answer.text()
    assert answer.status == 200
    assert 'href="/referrals/r-1"' in page and " of 340" not in page
