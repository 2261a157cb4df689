"""Headless Chromium from Debian's packages, driven by Playwright (no browser
download)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {
    "viewport": {"width": 375, "height": 740},
    "is_mobile": True,
    "has_touch": True,
}
"""A phone-sized touch screen, for ``chromium_page(**PHONE)``."""
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def chromium_page(locale: str = "en-GB", **context: Any) -> Iterator[Any]:
    if not shutil.which("chromium"):
        pytest.skip(
            "Debian's chromium is not installed (make test installs it as root)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_context(locale=locale, **context).new_page()
            page.set_default_timeout(15_000)
            yield page
        finally:
            browser.close()


def scrolls_sideways(page: Any) -> bool:
    """Whether the page is wider than the screen it is shown on."""
    width = page.evaluate("document.documentElement.scrollWidth")
    return bool(width > page.viewport_size["width"])
