"""The console's pages on the three real services (real HTTP on 127.0.0.1,
the real broker and store): what the doctor sees and does is what the APIs
answer. The identity provider is the one fake here: it signs in with a
token of the tests' issuer, which the services verify by its JWKS (the
sign-in itself is tested against the development issuer)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from services.console.bootstrap import console_app
from shared.identity import Principal
from tests.factories import random_iin
from tests.integration.console.on_the_services import (
    ServicesTokenProvider,
    console_settings,
    token_of,
)
from tests.integration.three_services import CLINIC, HOSPITAL, Kezek
from tests.unit.console.browsing import csrf_of, sign_in
from tests.unit.referral.factories import referral_body, with_patient

DOCTOR = Principal("doctor", CLINIC, "user-q7", "Dr Q")
CLERK = Principal("hospital", HOSPITAL, "user-q7", "Clerk D")


@pytest.fixture
async def console(aiohttp_client, kezek: Kezek) -> Any:
    provider = ServicesTokenProvider(token_of(kezek, DOCTOR), DOCTOR)
    return await aiohttp_client(console_app(console_settings(kezek), provider=provider))


@pytest.fixture
async def clerks_console(aiohttp_client, kezek: Kezek) -> Any:
    provider = ServicesTokenProvider(token_of(kezek, CLERK), CLERK)
    return await aiohttp_client(console_app(console_settings(kezek), provider=provider))


async def test_the_doctor_finds_cancels_and_sees_the_history(kezek, console):
    made = await kezek.refer(with_patient(referral_body(), iin=random_iin()))
    await sign_in(console)
    listed = await (await console.get("/referrals?lang=en")).text()
    assert made["hospitalization_code"] in listed
    page = await (await console.get(f"/referrals/{made['id']}?lang=ru")).text()
    assert "В очереди" in page and 'action="/referrals/' in page
    answer = await console.post(
        f"/referrals/{made['id']}/cancel?lang=ru",
        data={"csrf": csrf_of(page), "reason_code": "duplicate"},
    )
    shown = await answer.text()
    assert answer.status == 200 and "Направление отменено." in shown
    assert shown.count("<time") >= 3


async def test_a_search_by_iin_finds_the_patients_referral(kezek, console):
    iin = random_iin()
    made = await kezek.refer(with_patient(referral_body(), iin=iin))
    csrf = await sign_in(console)
    answer = await console.post("/referrals/search", data={"csrf": csrf, "query": iin})
    assert made["hospitalization_code"] in await answer.text()


async def test_a_refused_renewal_shows_the_apis_message_beside_the_field(
    kezek, console
):
    made = await kezek.refer(with_patient(referral_body(), iin=random_iin()))
    await sign_in(console)
    page = await (await console.get(f"/referrals/{made['id']}?lang=en")).text()
    answer = await console.post(
        f"/referrals/{made['id']}/renew?lang=en",
        data={
            "csrf": csrf_of(page),
            "reason_code": "still_waiting",
            "valid_until": "1999-01-01",
        },
    )
    shown = await answer.text()
    assert answer.status == 422, shown
    assert 'id="renew-valid_until-error"' in shown and "Traceback" not in shown


async def test_another_facilitys_referral_is_not_found(kezek, console):
    await sign_in(console)
    answer = await console.get("/referrals/no-such-referral")
    assert answer.status == 404


def registration_form(iin: str) -> dict[str, str]:
    today = datetime.now(ZoneInfo("Asia/Almaty")).date()
    return {
        "patient.iin": iin,
        "patient.phone": "+77011234567",
        "patient.language": "kk",
        "patient.consent": "yes",
        "facility_id": "KZ-75-M01",
        "bed_profile": "psychiatry",
        "stay": "round_the_clock",
        "diagnosis": "F32.1",
        "finance_source": "GOBMP",
        "priority": "planned",
        "purpose": "treatment",
        "tests.0.code": "complete_blood_count",
        "tests.0.done_on": today.isoformat(),
        "tests.0.valid_until": (today + timedelta(days=60)).isoformat(),
    }


async def test_the_doctor_registers_a_referral_after_one_wrong_field(kezek, console):
    await sign_in(console)
    page = await (await console.get("/referrals/new?lang=ru")).text()
    form = {**registration_form(random_iin()), "csrf": csrf_of(page)}
    wrong = await console.post("/referrals/new", data={**form, "diagnosis": "X"})
    shown = await wrong.text()
    assert wrong.status == 422, shown
    assert 'id="diagnosis-error"' in shown and 'value="X" aria-invalid="true"' in shown
    form["request_key"] = shown.split('name="request_key" value="')[1].split('"')[0]
    answer = await console.post("/referrals/new", data=form)
    made = await answer.text()
    assert answer.status == 200 and "/referrals/" in str(answer.url)
    assert "зарегистрировано" in made


async def test_the_clerk_pulls_admits_and_discharges(kezek, clerks_console):
    made = await kezek.refer(with_patient(referral_body(), iin=random_iin()))
    await sign_in(clerks_console)
    day = datetime.now(ZoneInfo("Asia/Almaty")).date().isoformat()
    listing = f"/admissions?date={day}&bed_profile=psychiatry"
    page = await (await clerks_console.get(listing + "&lang=en")).text()
    assert "Take the next patients from the queue" in page
    pulled = await clerks_console.post(
        "/admissions/pull",
        data={
            "csrf": csrf_of(page),
            "date": day,
            "bed_profile": "psychiatry",
            "count": "1",
        },
    )
    page = await pulled.text()
    assert "Scheduled 1;" in page and made["hospitalization_code"] in page
    entry_id = re.search(r'action="/entries/([^/"]+)/admit"', page)[1]
    sheet = await clerks_console.get(
        f"/admissions/export?date={day}&bed_profile=psychiatry&format=csv"
    )
    assert sheet.status == 200 and "text/csv" in sheet.headers["Content-Type"]
    assert made["hospitalization_code"] in (await sheet.read()).decode("utf-8-sig")
    admitted = await clerks_console.post(
        f"/entries/{entry_id}/admit", data={"csrf": csrf_of(page), "back": listing}
    )
    assert f"Admitted: {made['hospitalization_code']}." in await admitted.text()
    inpatients = await (await clerks_console.get("/inpatients")).text()
    assert f'action="/entries/{entry_id}/discharge"' in inpatients
    discharged = await clerks_console.post(
        f"/entries/{entry_id}/discharge",
        data={"csrf": csrf_of(inpatients), "back": "/inpatients"},
    )
    assert f"Discharged: {made['hospitalization_code']}." in await discharged.text()


async def test_the_doctor_changes_the_patients_phone(kezek, console):
    made = await kezek.refer(with_patient(referral_body(), iin=random_iin()))
    await sign_in(console)
    page = await (await console.get(f"/referrals/{made['id']}?lang=en")).text()
    version = page.split('name="version" value="')[1].split('"')[0]
    shown = await kezek.shown(made["id"])
    patient = shown["patient"]
    form = {
        "csrf": csrf_of(page),
        "version": version,
        "phone": "+77017654321",
        "email": patient.get("email") or "",
        "language": patient["language"],
        "consent": "yes" if patient["consent"] else "",
    }
    answer = await console.post(f"/referrals/{made['id']}/contact", data=form)
    assert "contact is changed" in await answer.text()
    assert (await kezek.shown(made["id"]))["patient"]["phone"] == "+77017654321"


async def test_the_doctors_own_list_shows_each_waiting_referrals_place(kezek, console):
    made = await kezek.refer(with_patient(referral_body(), iin=random_iin()))
    await sign_in(console)
    listed = await (await console.get("/referrals?mine=true&lang=en")).text()
    assert "<h1>My referrals</h1>" in listed
    row = listed.split(made["hospitalization_code"], 1)[1].split("</tr>", 1)[0]
    assert re.search(r"<td>\d+ of \d+</td>", row), row
