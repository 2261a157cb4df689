"""The README documents every setting with its real default, and its first
screen shows the two commands."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest

from services.console.settings import ConsoleSettings
from services.notification.settings import NotificationSettings
from services.queue.settings import QueueSettings
from services.referral.settings import ReferralSettings
from shared.settings import ServiceSettings
from tests.documents import Document

README = Path(__file__).resolve().parents[3] / "README.md"
SHARED = "Shared by every service"
SERVICES: dict[str, type[ServiceSettings]] = {
    "referral": ReferralSettings,
    "queue": QueueSettings,
    "notification": NotificationSettings,
    "console": ConsoleSettings,
}
ROW = re.compile(r"^\|\s*`([A-Z0-9_]+)`\s*\|\s*(.*?)\s*\|\s*(.+?)\s*\|\s*$")


def shown(default: Any) -> str:
    """A default as the README's table shows it."""
    if isinstance(default, bool):
        return f"`{str(default).lower()}`"
    if isinstance(default, tuple):
        return "`" + ",".join(str(part) for part in default) + "`"
    return "(empty)" if default == "" else f"`{default}`"


def configuration_tables() -> dict[str, dict[str, str]]:
    """{table heading: {VARIABLE: default cell}} of the Configuration section."""
    section = Document.at("README.md").section("Configuration").text
    tables: dict[str, dict[str, str]] = {}
    heading = ""
    for line in section.splitlines():
        if line.startswith("### "):
            heading = line[4:].strip()
            tables[heading] = {}
        elif match := ROW.match(line):
            tables[heading][match.group(1)] = match.group(2)
    return tables


def documented_fields() -> dict[str, dict[str, str]]:
    """What the tables must hold: the shared fields, and each service's own
    fields and the shared ones whose default it changes."""
    base = {f.name: f.default for f in dataclasses.fields(ServiceSettings)}
    expected = {SHARED: {n.upper(): shown(d) for n, d in base.items() if n != "extra"}}
    for service, cls in SERVICES.items():
        expected[service] = {
            f.name.upper(): shown(f.default)
            for f in dataclasses.fields(cls)
            if f.name != "extra" and (f.name not in base or f.default != base[f.name])
        }
    return expected


@pytest.mark.parametrize("table", [SHARED, *SERVICES])
def test_every_setting_is_in_the_readme_with_its_default(table):
    expected = documented_fields()[table]
    found = configuration_tables().get(table, {})
    missing = {n: d for n, d in expected.items() if found.get(n) != d}
    rows = "\n".join(f"| `{n}` | {d} | <meaning> |" for n, d in missing.items())
    assert not missing, f"README table '### {table}' lacks or misstates:\n{rows}"
    stale = set(found) - set(expected)
    assert not stale, f"README table '### {table}' names no such setting: {stale}"


def test_the_first_screen_says_what_kezek_is_and_shows_the_two_commands():
    first_screen = "\n".join(README.read_text().splitlines()[:40])
    assert first_screen.startswith("# Kezek\n")
    for role in ("Doctors", "hospitals", "patients"):
        assert role in first_screen
    assert "make run" in first_screen and "make test" in first_screen


def test_the_sections_others_fill_in_are_there():
    headings = re.findall(r"^## (.+)$", README.read_text(), re.M)
    for heading in (
        "Architecture",
        "Journeys",
        "Event catalogue",
        "Configuration",
        "Messaging guarantees",
        "Operations",
        "Production (docker-compose)",
        "Scaling",
    ):
        assert heading in headings
    assert "```mermaid" in README.read_text()
