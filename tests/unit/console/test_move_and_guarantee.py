"""The referral page's move and maximum wait, on fake services: the
hospitals with a shorter wait offered first, the request answered in the
doctor's language, the profile's maximum wait with the queue's flag."""

from __future__ import annotations

from tests.unit.console.browsing import csrf_of


async def test_a_waiting_referral_offers_a_move_shorter_waits_first(
    console, signed_in, apis
):
    async def alternatives(*_: object) -> dict[str, object]:
        shorter = {"facility_id": "KZ-75-M02", "name": "Shorter-wait hospital"}
        return {"position": 7, "wait_guarantee": {"alternatives": [shorter]}}

    apis.alternatives = alternatives  # type: ignore[method-assign]
    await signed_in()
    page = await (await console.get("/referrals/r-1?lang=ru")).text()
    options = page.split('id="move-facility_id"')[1].split("</select>")[0]
    assert options.split("<option")[1].startswith(' value="KZ-75-M02"')
    assert "Shorter-wait hospital (ожидание короче)" in options
    assert 'value="KZ-75-M01"' not in options  # where it waits now
    answer = await console.post(
        "/referrals/r-1/move",
        data={
            "csrf": csrf_of(page),
            "facility_id": "KZ-75-M02",
            "reason_code": "shorter_wait",
        },
    )
    assert "Запрос на перевод передан в очередь" in await answer.text()
    moves = [call[2] for call in apis.calls if call[0] == "move"]
    assert moves[0][1] == {"facility_id": "KZ-75-M02", "reason_code": "shorter_wait"}


async def test_the_referral_page_shows_the_maximum_wait_and_its_flag(
    console, signed_in, apis
):
    async def alternatives(*_: object) -> dict[str, object]:
        guarantee = {"max_wait_days": 90, "deadline": "2027-02-28", "flag": "at_risk"}
        return {"position": 7, "wait_guarantee": guarantee}

    apis.alternatives = alternatives  # type: ignore[method-assign]
    await signed_in()
    page = await (await console.get("/referrals/r-1?lang=ru")).text()
    assert "90 дн., до 2027-02-28" in page
    assert "Под угрозой превышения максимального срока" in page


async def test_the_bed_profile_is_named_in_the_doctors_language(
    console, signed_in, apis
):
    await signed_in()
    page = await (await console.get("/referrals/r-1?lang=ru")).text()
    assert "<dd>Психиатрия</dd>" in page
    listed = await (await console.get("/referrals?lang=kk")).text()
    assert "<td>Психиатрия</td>" in listed
