"""The bureau's console pages in a real browser on the system ``kezek up``
runs: signed in as an admin through the development issuer's sign-in page,
then the overview, the maximum-wait list and a queue's log checked, each in
Kazakh, Russian and English, with no serious accessibility violation."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from playwright.sync_api import Page

from services.console.words import words
from tests.e2e.accessibility import serious_violations
from tests.e2e.browser import chromium_page
from tests.e2e.journeys import a_waiting_patient
from tests.e2e.system import System

QUEUE = "facility_id=KZ-11-M01&bed_profile=psychiatry"
"""The queue a_waiting_patient joins."""


def sign_in_as_the_bureau(page: Page, system: System) -> None:
    page.goto(system.url("console", "/?lang=en"))
    page.click("a.button[href^='/sign-in']")
    page.wait_for_url(f"{system.issuer}/**")
    page.check("#role-admin")
    page.fill("#name", "Saule Bureau")
    page.click("form[action='/authorize'] button[type=submit]")
    page.wait_for_url(system.url("console", "/bureau"))


def the_overview(page: Page, system: System, language: str) -> None:
    said = words(language)
    page.goto(system.url("console", f"/bureau?region=11&lang={language}"))
    assert page.inner_text("h1") == said("Waits and beds in every hospital")
    drawn = page.evaluate("document.getElementById('waiting-chart').outerHTML")
    chart = ElementTree.fromstring(drawn)
    title = chart.find("{http://www.w3.org/2000/svg}title")
    assert title is not None and title.text == said(
        "Waiting per hospital and bed profile"
    )
    bars = len(list(chart.iter("{http://www.w3.org/2000/svg}rect")))
    assert bars == page.locator("table tbody tr").count() >= 1


def the_maximum_wait_list(page: Page, system: System, language: str) -> None:
    said = words(language)
    page.goto(system.url("console", f"/bureau/wait-guarantee?lang={language}"))
    assert page.inner_text("h1") == said("Entries at risk of or past the maximum wait")
    assert page.get_attribute("a[href='/bureau/wait-guarantee']", "aria-current")


def the_queue_log(page: Page, system: System, language: str) -> None:
    said = words(language)
    page.goto(system.url("console", f"/bureau/queue-log?{QUEUE}&lang={language}"))
    assert page.inner_text("h1") == said("Check a queue's log")
    intact = said("The chain is intact: {checked} records checked.").split("{")[0]
    assert page.inner_text(".flash.done").startswith(intact)
    assert page.locator("tbody tr").count() >= 1


def test_the_bureau_signs_in_and_reads_its_pages_in_three_languages(
    system: System, output_dir: Path
):
    a_waiting_patient(system, "kk")
    with chromium_page() as page:
        sign_in_as_the_bureau(page, system)
        for language in ("kk", "ru", "en"):
            for step in (the_overview, the_maximum_wait_list, the_queue_log):
                step(page, system, language)
                assert serious_violations(page) == [], (step.__name__, language)
            page.screenshot(path=str(output_dir / f"console-bureau-log-{language}.png"))
