"""The clerk's pages on fake services: the day's admissions list of one of
the hospital's bed profiles with the beds, a pull, each scheduled patient's
admission, no-show and rejection, the inpatients and their discharge."""

from __future__ import annotations

import pytest

from services.console.apis import ApiRefused
from tests.unit.console.browsing import csrf_of


async def test_a_clerk_lands_on_the_admissions_of_a_bed_profile_of_their_hospital(
    clerk, apis
):
    answer = await clerk.get("/admissions?date=2026-12-03&lang=en")
    page = await answer.text()
    assert answer.status == 200 and "Admissions of 2026-12-03" in page
    name, _, (day, bed_profile) = apis.calls[-1]
    assert (name, day) == ("admissions", "2026-12-03")
    assert f'<option value="{bed_profile}" selected>' in page
    assert "880315400128" in page and 'action="/entries/e-1/admit"' in page
    assert "<dd>3</dd>" in page  # free beds


async def test_another_hospitals_bed_profile_is_not_asked_for(clerk, apis):
    await clerk.get("/admissions?bed_profile=no-such-profile")
    assert apis.calls[-1][2][1] != "no-such-profile"


async def test_a_pull_says_how_many_were_scheduled(clerk, apis):
    page = await (await clerk.get("/admissions?date=2026-12-03&lang=en")).text()
    form = {
        "csrf": csrf_of(page),
        "date": "2026-12-03",
        "bed_profile": "psychiatry",
        "count": "2",
        "request_key": "pull-1",
    }
    answer = await clerk.post("/admissions/pull", data=form)
    assert "Scheduled 2; skipped 0" in await answer.text()
    pulls = [call for call in apis.calls if call[0] == "pull"]
    assert pulls[0][2] == (
        {"bed_profile": "psychiatry", "date": "2026-12-03", "count": 2},
        "pull-1",
    )


async def test_a_refused_pull_shows_the_apis_words(clerk, apis):
    apis.refusals["pull"] = ApiRefused(
        409, "no_free_beds", "No free beds.", {"count": ["At most 3."]}
    )
    page = await (await clerk.get("/admissions?lang=en")).text()
    answer = await clerk.post(
        "/admissions/pull",
        data={"csrf": csrf_of(page), "bed_profile": "psychiatry", "count": "9"},
    )
    assert "No free beds. At most 3." in await answer.text()


@pytest.mark.parametrize(
    ("action", "said"),
    [("admit", "Admitted: 75-7K3M-Q9TX-R."), ("no-show", "No-show recorded")],
)
async def test_an_entry_action_answers_on_the_page_it_came_from(
    clerk, apis, action, said
):
    back = "/admissions?date=2026-12-03&bed_profile=psychiatry"
    page = await (await clerk.get(back + "&lang=en")).text()
    answer = await clerk.post(
        f"/entries/e-1/{action}", data={"csrf": csrf_of(page), "back": back}
    )
    assert said in await answer.text()
    assert str(answer.url).endswith(back)


async def test_a_rejection_sends_its_reason(clerk, apis):
    page = await (await clerk.get("/admissions")).text()
    await clerk.post(
        "/entries/e-1/reject",
        data={"csrf": csrf_of(page), "reason_code": "contraindication"},
    )
    assert any(
        call[:1] == ("reject",)
        and call[2] == ("e-1", {"reason_code": "contraindication"})
        for call in apis.calls
    )


async def test_the_back_address_is_never_another_site(clerk):
    page = await (await clerk.get("/admissions")).text()
    answer = await clerk.post(
        "/entries/e-1/admit",
        data={"csrf": csrf_of(page), "back": "//evil.example/"},
        allow_redirects=False,
    )
    assert answer.headers["Location"] == "/admissions"


async def test_the_inpatients_list_offers_each_a_discharge(clerk):
    page = await (await clerk.get("/inpatients?lang=en")).text()
    assert 'action="/entries/e-9/discharge"' in page and "overdue" in page


async def test_a_doctor_may_not_open_the_admissions(console, signed_in):
    await signed_in()
    assert (await console.get("/admissions")).status == 403


async def test_a_scheduled_patient_is_moved_to_another_day_with_a_reason(clerk, apis):
    page = await (await clerk.get("/admissions?lang=en")).text()
    form = {
        "csrf": csrf_of(page),
        "date": "2026-12-10",
        "reason_code": "tests_pending",
        "override_reason_code": "",
    }
    answer = await clerk.post("/entries/e-1/reschedule", data=form)
    assert "Moved to" in await answer.text()
    moves = [call for call in apis.calls if call[0] == "reschedule"]
    assert moves[0][2] == (
        "e-1",
        {"date": "2026-12-10", "reason_code": "tests_pending"},
    )


async def test_the_admissions_list_downloads_as_a_spreadsheet_in_the_clerks_language(
    clerk, apis
):
    answer = await clerk.get(
        "/admissions/export?date=2026-12-03&bed_profile=psychiatry&format=csv&lang=ru"
    )
    assert answer.status == 200 and await answer.read() == b"code;iin\r\n"
    assert (
        answer.headers["Content-Disposition"] == 'attachment; filename="admissions.csv"'
    )
    assert answer.headers["Cache-Control"] == "no-store"
    assert apis.calls[-1][2] == (
        "admissions",
        {
            "format": "csv",
            "lang": "ru",
            "date": "2026-12-03",
            "bed_profile": "psychiatry",
        },
    )


async def test_only_the_clerks_lists_download(clerk):
    assert (await clerk.get("/bed-board/export?format=csv")).status == 404
    assert (await clerk.get("/inpatients/export?format=pdf")).status == 404


async def test_the_clerk_finds_a_patient_by_iin_sent_in_a_body(clerk, apis):
    page = await (await clerk.get("/admissions?lang=en")).text()
    answer = await clerk.post(
        "/entries/search", data={"csrf": csrf_of(page), "query": "880315400128"}
    )
    shown = await answer.text()
    assert "75-7K3M-Q9TX-R" in shown and "880315400128" not in str(answer.url)
    assert apis.calls[-1][2] == {"iin": "880315400128"}


async def test_a_code_of_no_patient_here_finds_nobody(clerk):
    page = await (await clerk.get("/admissions?lang=en")).text()
    answer = await clerk.post(
        "/entries/search", data={"csrf": csrf_of(page), "query": "75-0000-0000-0"}
    )
    assert "Nobody of our hospital has this code or IIN." in await answer.text()


async def test_the_bed_board_shows_each_profiles_beds_and_next_days(clerk):
    page = await (await clerk.get("/bed-board?lang=en")).text()
    assert "<dd>7</dd>" in page and "<dd>12</dd>" in page
    assert page.count('<tr><td><a href="/admissions?date=') == 7


async def test_an_emergency_admission_says_how_many_referrals_it_closed(clerk, apis):
    page = await (await clerk.get("/emergency?lang=en")).text()
    form = {
        "csrf": csrf_of(page),
        "iin": "880315400128",
        "bed_profile": "psychiatry",
        "diagnosis": "F20.0",
        "full_name": "",
    }
    answer = await clerk.post("/emergency", data=form)
    assert "open referrals closed: 1." in await answer.text()
    emergencies = [call[2] for call in apis.calls if call[0] == "emergency"]
    assert emergencies == [
        {"iin": "880315400128", "bed_profile": "psychiatry", "diagnosis": "F20.0"}
    ]


async def test_a_refused_emergency_admission_names_its_field(clerk, apis):
    apis.refusals["emergency"] = ApiRefused(
        422, "invalid_fields", "Not admitted.", {"bed_profile": ["Adults only."]}
    )
    page = await (await clerk.get("/emergency?lang=en")).text()
    answer = await clerk.post(
        "/emergency", data={"csrf": csrf_of(page), "iin": "1", "bed_profile": "x"}
    )
    shown = await answer.text()
    assert answer.status == 422 and 'id="bed_profile-error">Adults only.' in shown
