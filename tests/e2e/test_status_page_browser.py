"""The patient's status page in a real browser: a real lookup, the language
switch, keyboard-only use on a phone-sized screen, nothing loaded from
elsewhere, and a screenshot per language under test-output/."""

from __future__ import annotations

import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from services.queue.status_page.catalogues import catalogue
from tests.e2e.browser import chromium_page
from tests.e2e.journeys import referral_body, register, wait_for_status
from tests.e2e.system import System
from tests.factories import random_iin

pytestmark = pytest.mark.e2e
PHONE = {
    "viewport": {"width": 375, "height": 740},
    "is_mobile": True,
    "has_touch": True,
}


def test_lookup_language_switch_keyboard_and_privacy(system: System, output_dir: Path):
    doctor = system.token("doctor", "KZ-11-P01", sub=f"dr-{uuid.uuid4().hex[:6]}")
    body = referral_body("KZ-11-M01", "psychiatry", language="kk")
    created = register(system, doctor, body)
    wait_for_status(system, doctor, created["id"], "waiting")
    code, iin = created["hospitalization_code"], body["patient"]["iin"]
    origin = urlsplit(system.url("queue")).netloc

    with chromium_page(locale="kk-KZ", **PHONE) as page:
        requests: list[tuple[str, str]] = []
        page.on("request", lambda r: requests.append((r.method, r.url)))
        page.goto(system.url("queue", "/"))
        kk = catalogue("kk")
        assert page.inner_text("h1") == kk["page.title"]
        assert page.get_attribute("html", "lang") == "kk"

        page.keyboard.press("Tab")  # language buttons first, then the form
        while page.evaluate("document.activeElement.id") != "code":
            page.keyboard.press("Tab")
        page.keyboard.type(code)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "iin"
        page.keyboard.type(iin)
        page.keyboard.press("Enter")
        page.wait_for_selector("#result:not([hidden])")
        assert page.evaluate("document.activeElement.id") == "result-heading"
        assert page.inner_text("#r-status") == kk["status.waiting"]
        assert page.inner_text("#r-position").strip()
        page.screenshot(path=str(output_dir / "status-page-kk.png"), full_page=True)

        for language in ("ru", "en"):
            page.click(f"[data-lang={language}]")
            texts = catalogue(language)
            assert page.inner_text("h1") == texts["page.title"]
            assert page.inner_text("#r-status") == texts["status.waiting"]
            assert page.inner_text("label[for=iin]") == texts["form.iin.label"]
            assert (
                page.get_attribute(f"[data-lang={language}]", "aria-pressed") == "true"
            )
            page.screenshot(
                path=str(output_dir / f"status-page-{language}.png"), full_page=True
            )

        page.fill("#iin", random_iin())  # a real IIN, but not this patient's
        page.click("#submit")
        page.wait_for_selector("#message:not([hidden])")
        assert page.inner_text("#message") == catalogue("en")["error.not_found"]
        assert page.is_hidden("#result")

        assert all(urlsplit(url).netloc == origin for _, url in requests), requests
        for _, url in requests:
            assert code not in url and iin not in url
        assert ("POST", system.url("queue", "/v1/queue/lookup")) in requests
        page_width = page.evaluate("document.documentElement.scrollWidth")
        assert page_width <= 375, "the page scrolls sideways on a phone"
