"""The patient's status page in a real browser: a real lookup, the language
switch, keyboard-only use on a phone-sized screen, nothing loaded from
elsewhere, a screenshot per language under test-output/, the one-time code
step of a code whose guesses are spent, leaving the queue with a reason and
a confirmation, the page without JavaScript (look up, switch language,
leave), and the page of a patient admitted as an emergency elsewhere."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from services.queue.patients.status_page.catalogues import catalogue
from shared.reference.registry import default_registry
from tests.e2e.accessibility import serious_violations
from tests.e2e.browser import PHONE, chromium_page
from tests.e2e.journeys import a_waiting_patient, lookup, messages_to
from tests.e2e.system import System, eventually
from tests.factories import random_iin


def look_up_by_keyboard(page: Page, code: str, iin: str) -> None:
    """Tabs past the language buttons to the form, types, presses Enter."""
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


def hospital_name(language: str) -> str:
    """The name of a_waiting_patient's hospital in ``language``."""
    hospital = default_registry().get("KZ-11-M01")
    assert hospital is not None
    return hospital.name_in(language)


def switch_to_russian_and_english(page: Page, output_dir: Path) -> None:
    """Each language's texts, and the hospital named in it (asked again)."""
    for language in ("ru", "en"):
        page.click(f"[data-lang={language}]")
        expect(page.locator("#r-hospital")).to_contain_text(hospital_name(language))
        texts = catalogue(language)
        assert page.inner_text("h1") == texts["page.title"]
        assert page.inner_text("#r-status") == texts["status.waiting"]
        assert page.inner_text("label[for=iin]") == texts["form.iin.label"]
        assert page.get_attribute(f"[data-lang={language}]", "aria-pressed") == "true"
        assert serious_violations(page) == []
        page.screenshot(
            path=str(output_dir / f"status-page-{language}.png"), full_page=True
        )


def test_lookup_language_switch_keyboard_and_privacy(system: System, output_dir: Path):
    code, iin, _ = a_waiting_patient(system, "kk")
    origin = urlsplit(system.url("queue")).netloc

    with chromium_page(locale="kk-KZ", **PHONE) as page:
        requests: list[tuple[str, str]] = []
        page.on("request", lambda r: requests.append((r.method, r.url)))
        page.goto(system.url("queue", "/"))
        kk = catalogue("kk")
        assert page.inner_text("h1") == kk["page.title"]
        assert page.get_attribute("html", "lang") == "kk"
        assert serious_violations(page) == []
        look_up_by_keyboard(page, code, iin)
        assert serious_violations(page) == []
        assert page.inner_text("#r-status") == kk["status.waiting"]
        assert hospital_name("kk") in page.inner_text("#r-hospital")
        assert page.inner_text("#r-position").strip()
        page.screenshot(path=str(output_dir / "status-page-kk.png"), full_page=True)
        switch_to_russian_and_english(page, output_dir)

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


def one_time_code_sent(system: System, phone: str, code: str) -> str | None:
    for record in messages_to(system, "sms", phone):
        found = re.search(rf"{re.escape(code)}: (\d{{6}})\.", record["payload"]["text"])
        if found:
            return found.group(1)
    return None


def spend_the_guesses(system: System, code: str, iin: str) -> None:
    """Twenty lookups of the code with other IINs."""
    for _ in range(20):
        wrong = random_iin()
        if wrong != iin:
            guess = {"code": code, "iin": wrong}
            answer = system.call("POST", "queue", "/v1/queue/lookup", guess)
            assert answer.status in (403, 404), answer.text


def assert_the_one_time_code_is_asked_for(page: Page, ru: dict[str, str]) -> None:
    page.wait_for_selector("#otp-step:not([hidden])")
    assert page.inner_text("#message") == ru["verification.required"]
    assert page.inner_text("label[for=otp]") == ru["form.otp.label"]
    assert page.evaluate("document.activeElement.id") == "otp"
    assert page.is_disabled("#resend")  # a new code only after a minute
    assert page.inner_text("#resend-wait").strip()
    assert page.is_hidden("#result")


def test_a_code_whose_guesses_are_spent_lets_its_patient_in_with_a_one_time_code(
    system: System, output_dir: Path
):
    code, iin, phone = a_waiting_patient(system, "ru")
    spend_the_guesses(system, code, iin)
    ru = catalogue("ru")

    with chromium_page(locale="ru-RU", **PHONE) as page:
        page.goto(system.url("queue", "/"))
        page.fill("#code", code)
        page.fill("#iin", iin)
        page.click("#submit")
        assert_the_one_time_code_is_asked_for(page, ru)
        page.screenshot(path=str(output_dir / "status-page-one-time-code-step.png"))

        one_time_code = eventually(lambda: one_time_code_sent(system, phone, code))
        page.fill("#otp", f"{(int(one_time_code) + 1) % 1_000_000:06d}")
        page.click("#submit")
        expect(page.locator("#message")).to_have_text(ru["error.otp_wrong"])
        page.fill("#otp", one_time_code)
        page.click("#submit")
        page.wait_for_selector("#result:not([hidden])")
        assert page.inner_text("#r-status") == ru["status.waiting"]
        assert page.is_hidden("#otp-step")
        page.screenshot(path=str(output_dir / "status-page-one-time-code-used.png"))


def no_code_or_iin_in_a_url(requests: list[tuple[str, str]], code: str, iin: str):
    assert requests
    for _, url in requests:
        assert code not in url and iin not in url and code.lower() not in url


def leave_the_queue(page: Page, reason: str) -> None:
    page.click("#leave summary")
    page.check(f"input[name=reason_code][value={reason}]")
    page.click("#leave-confirm")


def test_without_javascript_the_page_looks_up_switches_language_and_leaves(
    system: System, output_dir: Path
):
    code, iin, _ = a_waiting_patient(system, "kk")
    kk, ru = catalogue("kk"), catalogue("ru")
    with chromium_page(locale="en-GB", java_script_enabled=False, **PHONE) as page:
        requests: list[tuple[str, str]] = []
        page.on("request", lambda r: requests.append((r.method, r.url)))
        page.goto(system.url("queue", "/"))
        page.click("[data-lang=kk]")  # a plain GET /?lang=kk
        assert page.inner_text("h1") == kk["page.title"]
        page.fill("#code", code)
        page.fill("#iin", iin)
        page.click("#submit")
        assert page.inner_text("#r-status") == kk["status.waiting"]
        assert page.inner_text("#r-position").strip()
        assert hospital_name("kk") in page.inner_text("#r-hospital")
        page.click("[data-lang=ru]")  # the shown result, again in Russian
        assert page.inner_text("#r-status") == ru["status.waiting"]
        assert hospital_name("ru") in page.inner_text("#r-hospital")
        assert page.get_attribute("html", "lang") == "ru"
        page.screenshot(path=str(output_dir / "status-page-no-js.png"), full_page=True)
        leave_the_queue(page, "moved")
        assert page.inner_text("#r-status") == ru["status.cancelled"]
        assert page.inner_text("#message") == ru["leave.done"]
        assert page.is_hidden("#leave")
        page.screenshot(path=str(output_dir / "status-page-no-js-left.png"))
    assert ("POST", system.url("queue", "/cancel")) in requests
    assert not any("/v1/" in url for _, url in requests)  # no script ran
    no_code_or_iin_in_a_url(requests, code, iin)
    assert lookup(system, code, iin)["status"] == "cancelled"


def test_leaving_the_queue_asks_for_a_reason_and_a_confirmation(
    system: System, output_dir: Path
):
    code, iin, _ = a_waiting_patient(system, "en")
    en = catalogue("en")
    with chromium_page(locale="en-GB", **PHONE) as page:
        requests: list[tuple[str, str]] = []
        page.on("request", lambda r: requests.append((r.method, r.url)))
        page.goto(system.url("queue", "/"))
        look_up_by_keyboard(page, code, iin)
        assert page.is_visible("#leave summary") and page.is_hidden("#leave-confirm")
        page.click("#leave summary")
        page.click("#leave-confirm")  # no reason chosen yet
        expect(page.locator("#message")).to_have_text(en["error.reason_missing"])
        assert lookup(system, code, iin)["status"] == "waiting"
        page.screenshot(path=str(output_dir / "status-page-leave-step.png"))
        page.check("input[name=reason_code][value=no_longer_needed]")
        page.click("#leave-confirm")
        expect(page.locator("#r-status")).to_have_text(en["status.cancelled"])
        assert page.inner_text("#message") == en["leave.done"]
        assert page.is_hidden("#leave")
    assert ("POST", system.url("queue", "/v1/queue/cancel")) in requests
    no_code_or_iin_in_a_url(requests, code, iin)
    assert lookup(system, code, iin)["status"] == "cancelled"


def test_after_an_emergency_admission_elsewhere_the_page_says_admitted_and_where(
    system: System, output_dir: Path
):
    code, iin, _ = a_waiting_patient(system, "ru")
    clerk = system.token("hospital", "KZ-71-M01", sub=f"clerk-{uuid.uuid4().hex[:6]}")
    body = {"iin": iin, "bed_profile": "psychiatry", "diagnosis": "F20.0"}
    answer = system.call("POST", "queue", "/v1/emergency-admissions", body, clerk)
    assert answer.status == 201, answer.text
    admitting = default_registry().get("KZ-71-M01")
    assert admitting is not None
    ru = catalogue("ru")
    for script in (True, False):
        with chromium_page(locale="ru-RU", java_script_enabled=script, **PHONE) as page:
            page.goto(system.url("queue", "/"))
            page.fill("#code", code)
            page.fill("#iin", iin)
            page.click("#submit")
            expect(page.locator("#r-status")).to_have_text(
                ru["status.admitted_elsewhere"]
            )
            assert page.inner_text("#r-next") == ru["help.admitted_elsewhere"]
            assert page.inner_text("#hospital-label") == ru["result.hospital_admitting"]
            assert admitting.name_in("ru") in page.inner_text("#r-hospital")
            assert page.is_hidden("#leave")
            shot = f"status-page-admitted-elsewhere-{'js' if script else 'no-js'}.png"
            page.screenshot(path=str(output_dir / shot))
