"""The README's event catalogue names every event type and every field of
its schema, so the document cannot drift from the contracts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from shared.contracts.events import EVENT_SCHEMAS, _QueueEvent
from shared.contracts.reasons import REASON_LISTS

README = Path(__file__).resolve().parents[3] / "README.md"
COMMON = set(_QueueEvent._declared_fields)


def catalogue_rows() -> dict[str, str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Event catalogue", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        match = re.match(r"\| `([a-z_.]+)` \|", line)
        if match:
            rows[match.group(1)] = line
    return rows


def test_every_event_type_has_a_row():
    assert set(catalogue_rows()) == set(EVENT_SCHEMAS)


@pytest.mark.parametrize("event_type", sorted(EVENT_SCHEMAS))
def test_each_row_names_every_field(event_type):
    row = catalogue_rows()[event_type]
    fields = set(EVENT_SCHEMAS[event_type].fields)
    if isinstance(EVENT_SCHEMAS[event_type], _QueueEvent):
        assert "common queue fields" in row
        fields -= COMMON
    missing = [f for f in sorted(fields) if f"`{f}`" not in row]
    assert not missing, f"README row for {event_type} lacks {missing}"


@pytest.mark.parametrize("listed", sorted(REASON_LISTS))
def test_the_catalogue_lists_every_documented_code(listed):
    section = README.read_text(encoding="utf-8").split("### Reason codes", 1)[1]
    section = section.split("\n## ", 1)[0]
    missing = [code for code in REASON_LISTS[listed] if f"`{code}`" not in section]
    assert not missing, f"README's reason codes for {listed} lack {missing}"
