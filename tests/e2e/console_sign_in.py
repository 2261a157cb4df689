"""Signing in to the console in a real browser, as a user does locally:
the console's sign-in button, the development issuer's page (a role, a
facility, a name), and back to the console, in the language asked for."""

from __future__ import annotations

from typing import Any

from tests.e2e.accessibility import serious_violations
from tests.e2e.system import System


def sign_in(
    page: Any, system: System, role: str, facility: str, name: str, language: str
) -> None:
    """From the console's welcome page in ``language`` through the
    development sign-in page; both pages pass axe on the way."""
    page.goto(system.url("console", f"/?lang={language}"))
    assert page.get_attribute("html", "lang") == language
    assert serious_violations(page) == []
    page.click("a.button[href^='/sign-in']")
    page.wait_for_url(f"{system.issuer}/authorize*")
    assert page.get_attribute("html", "lang") == language
    assert serious_violations(page) == []
    page.check(f"#role-{role}")
    if role != "admin":
        page.select_option("#facility", facility)
    page.fill("#name", name)
    page.click("form[action='/authorize'] button[type=submit]")
    page.wait_for_url(system.url("console", "/") + "**")
    assert page.get_attribute("html", "lang") == language
