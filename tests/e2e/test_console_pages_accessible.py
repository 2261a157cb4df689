"""Every page of the console a journey does not pass through, in each
language, with axe: nothing serious or critical, and none wider than a
phone's screen (the journeys check the others)."""

from __future__ import annotations

import pytest

from tests.e2e.accessibility import serious_violations
from tests.e2e.browser import PHONE, chromium_page, scrolls_sideways
from tests.e2e.console_sign_in import sign_in
from tests.e2e.system import System

PAGES = {
    ("doctor", "KZ-75-P01"): ["/referrals", "/referrals?status=waiting"],
    ("hospital", "KZ-75-M01"): [
        "/bed-board",
        "/emergency",
        "/inpatients",
        "/entries/any-entry/reschedule",
        "/entries/any-entry/reject",
    ],
    ("admin", ""): ["/bureau/queue-log", "/no-such-page"],
}
LOCALES = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-GB"}


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize(("role", "facility"), list(PAGES))
def test_each_page_passes_axe_on_a_phone(
    system: System, role: str, facility: str, language: str
):
    with chromium_page(locale=LOCALES[language], **PHONE) as page:
        sign_in(page, system, role, facility, f"{role} {language}", language)
        for path in PAGES[(role, facility)]:
            page.goto(system.url("console", path))
            assert page.get_attribute("html", "lang") == language, path
            assert serious_violations(page) == [], path
            assert not scrolls_sideways(page), path
