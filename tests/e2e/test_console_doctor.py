"""The doctor's day in the console, in a real browser, in each language:
sign in through the development issuer, register a referral (a wrong field
first, shown beside it), and, once the patient has left the queue, bring the
referral back at its place. axe finds nothing serious on any page."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.accessibility import serious_violations
from tests.e2e.browser import PHONE, chromium_page, scrolls_sideways
from tests.e2e.console_sign_in import sign_in
from tests.e2e.journeys import wait_for_status
from tests.e2e.system import System
from tests.factories import random_iin, random_mobile

CLINIC, HOSPITAL = "KZ-75-P01", "KZ-75-M01"
LOCALES = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-GB"}


def fill_the_form(page: Page, iin: str, diagnosis: str) -> None:
    today = datetime.now(ZoneInfo("Asia/Almaty")).date()
    page.fill("#patient-iin", iin)
    page.fill("#patient-phone", random_mobile())
    page.check("#patient-consent")
    page.select_option("#facility_id", HOSPITAL)
    page.select_option("#bed_profile", "psychiatry")
    page.select_option("#stay", "round_the_clock")
    page.fill("#diagnosis", diagnosis)
    page.select_option("#finance_source", "GOBMP")
    page.select_option("#tests-0-code", "complete_blood_count")
    page.fill("#tests-0-done_on", today.isoformat())
    page.fill("#tests-0-valid_until", (today + timedelta(days=60)).isoformat())


def register(page: Page, system: System, iin: str) -> str:
    """The new referral's id, after a first try with a wrong diagnosis."""
    page.goto(system.url("console", "/referrals/new"))
    assert serious_violations(page) == []
    fill_the_form(page, iin, diagnosis="X")
    page.click("form.referral-form button[type=submit]")
    expect(page.locator("#diagnosis-error")).to_be_visible()
    assert page.get_attribute("#diagnosis", "aria-invalid") == "true"
    assert page.input_value("#patient-iin") == iin  # what was typed stays
    assert serious_violations(page) == []
    page.fill("#diagnosis", "F32.1")
    page.click("form.referral-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/referrals/[\w-]+$"))
    assert serious_violations(page) == []
    return page.url.rsplit("/", 1)[1]


def the_patient_leaves(system: System, page: Page, iin: str) -> None:
    code = page.inner_text("h1").split()[-1]
    left = system.call(
        "POST",
        "queue",
        "/v1/queue/cancel",
        {"code": code, "iin": iin, "reason_code": "moved"},
    )
    assert left.status == 200, left.text


def reinstate(page: Page) -> None:
    page.select_option("#reinstate-reason_code", "cancelled_by_mistake")
    page.click("form.action[action$='/reinstate'] button[type=submit]")
    expect(page.locator(".flash.done")).to_be_visible()
    assert serious_violations(page) == []


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_doctor_registers_a_referral_and_later_reinstates_it(
    system: System, output_dir: Path, language: str
):
    iin = random_iin()
    screen = PHONE if language == "kk" else {"viewport": {"width": 1280, "height": 900}}
    with chromium_page(locale=LOCALES[language], **screen) as page:
        sign_in(page, system, "doctor", CLINIC, f"Dr {language.upper()}", language)
        referral_id = register(page, system, iin)
        doctor = system.token("doctor", CLINIC)
        wait_for_status(system, doctor, referral_id, "waiting")
        page.reload()
        the_patient_leaves(system, page, iin)
        wait_for_status(system, doctor, referral_id, "cancelled")
        page.reload()
        reinstate(page)
        wait_for_status(system, doctor, referral_id, "waiting")
        page.reload()
        assert page.get_attribute("html", "lang") == language
        assert not scrolls_sideways(page)
        page.screenshot(path=str(output_dir / f"console-doctor-{language}.png"))
