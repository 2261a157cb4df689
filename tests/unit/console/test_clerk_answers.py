"""What the clerk is told after an action: the codes a pull took, a second
no-show's consequence, a token no longer taken (sign in again), and the bed
board's span."""

from __future__ import annotations

import pytest

from services.console.apis import TokenRefused
from tests.unit.console.browsing import csrf_of


async def test_a_pull_names_the_codes_it_took_in_the_clerks_language(clerk):
    page = await (await clerk.get("/admissions?date=2026-12-03&lang=ru")).text()
    form = {"csrf": csrf_of(page), "date": "2026-12-03", "bed_profile": "psychiatry"}
    told = await (await clerk.post("/admissions/pull", data=form)).text()
    assert "Взяты: 75-7K3M-Q9TX-R, 75-7K3M-Q9TX-R." in told


@pytest.mark.parametrize("path", ["/entries/e-1/admit", "/admissions/pull"])
async def test_a_token_no_longer_taken_during_an_action_signs_the_clerk_in_again(
    clerk, apis, path
):
    page = await (await clerk.get("/admissions?date=2026-12-03")).text()
    apis.refusals["admit"] = apis.refusals["pull"] = TokenRefused("answered 401")
    answer = await clerk.post(path, data={"csrf": csrf_of(page)}, allow_redirects=False)
    assert answer.status == 303 and "ended=expired" in answer.headers["Location"]


async def test_the_bed_board_shows_the_days_asked_for(clerk, apis):
    page = await (await clerk.get("/bed-board?days=14&lang=en")).text()
    assert '<option value="14" selected>' in page
    await clerk.get("/bed-board?days=400")
    asked = [call for call in apis.calls if call[0] == "bed_board"]
    assert [days for _, _, days in asked] == [14, 7]


async def test_a_second_no_show_says_the_referral_is_cancelled(clerk, apis):
    async def cancelled(*_: object) -> dict[str, object]:
        return {"hospitalization_code": "75-7K3M-Q9TX-R", "status": "cancelled"}

    back = "/admissions?date=2026-12-03&bed_profile=psychiatry"
    page = await (await clerk.get(back + "&lang=ru")).text()
    apis.on_entry = cancelled  # type: ignore[method-assign]
    form = {"csrf": csrf_of(page), "back": back}
    told = await (await clerk.post("/entries/e-1/no-show", data=form)).text()
    assert "Вторая неявка отмечена: 75-7K3M-Q9TX-R" in told
