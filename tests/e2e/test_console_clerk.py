"""The hospital clerk's day in the console, in a real browser, in each
language: sign in through the development issuer, take the next patients
from the queue onto today's list with the beds in view, admit one, record
the other's no-show, and discharge the first from the inpatients. Each
language works a hospital of its own, so no run takes another's patients.
axe finds nothing serious on any page."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.accessibility import serious_violations
from tests.e2e.browser import PHONE, chromium_page, scrolls_sideways
from tests.e2e.console_sign_in import sign_in
from tests.e2e.journeys import referral_body, register, wait_for_status
from tests.e2e.system import System

HOSPITALS = {"kk": "KZ-79-M01", "ru": "KZ-10-M01", "en": "KZ-15-M01"}
LOCALES = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-GB"}


def two_waiting_patients(system: System, hospital: str) -> list[str]:
    """Two psychiatry referrals to ``hospital``, once waiting: their codes."""
    clinic = hospital.replace("-M", "-P")
    doctor = system.token("doctor", clinic, sub=f"dr-{uuid.uuid4().hex[:6]}")
    codes = []
    for _ in range(2):
        created = register(system, doctor, referral_body(hospital, "psychiatry"))
        wait_for_status(system, doctor, created["id"], "waiting")
        codes.append(created["hospitalization_code"])
    return codes


def row_of(page: Page, code: str):
    return page.locator("tr", has=page.locator(f"td.code:text-is('{code}')"))


def pull_two(page: Page, system: System, codes: list[str]) -> None:
    today = datetime.now(ZoneInfo("Asia/Almaty")).date().isoformat()
    page.goto(system.url("console", f"/admissions?date={today}&bed_profile=psychiatry"))
    expect(page.locator("#beds")).to_be_visible()
    assert serious_violations(page) == []
    page.fill("#count", "2")
    page.click("form[action='/admissions/pull'] button[type=submit]")
    expect(page.locator(".flash.done")).to_be_visible()
    for code in codes:
        expect(row_of(page, code)).to_be_visible()
    assert serious_violations(page) == []


def act(page: Page, code: str, action: str) -> None:
    row_of(page, code).locator(f"form[action$='/{action}'] button").click()
    expect(page.locator(".flash.done")).to_be_visible()
    assert serious_violations(page) == []
    assert not scrolls_sideways(page)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_clerk_pulls_admits_records_a_no_show_and_discharges(
    system: System, output_dir: Path, language: str
):
    hospital = HOSPITALS[language]
    admitted, absent = two_waiting_patients(system, hospital)
    screen = PHONE if language == "ru" else {"viewport": {"width": 1280, "height": 900}}
    with chromium_page(locale=LOCALES[language], **screen) as page:
        sign_in(page, system, "hospital", hospital, f"Clerk {language}", language)
        pull_two(page, system, [admitted, absent])
        act(page, admitted, "admit")
        act(page, absent, "no-show")
        page.screenshot(path=str(output_dir / f"console-clerk-{language}.png"))
        page.goto(system.url("console", "/inpatients?bed_profile=psychiatry"))
        expect(row_of(page, admitted)).to_be_visible()
        assert serious_violations(page) == []
        act(page, admitted, "discharge")
        expect(row_of(page, admitted)).to_have_count(0)
        assert not scrolls_sideways(page)
