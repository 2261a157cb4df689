"""The README's event catalogue names every event type and every field of
its schema, so the document cannot drift from the contracts."""

from __future__ import annotations

import re

import pytest

from shared.contracts.events import EVENT_SCHEMAS, _QueueEvent
from shared.contracts.reasons import REASON_LISTS
from tests.documents import Document

COMMON = set(_QueueEvent._declared_fields)


def catalogue_rows() -> dict[str, str]:
    section = Document.at("README.md").section("Event catalogue")
    return {
        match.group(1): " | ".join(row)
        for row in section.table_rows()
        if (match := re.fullmatch(r"`([a-z_.]+)`", row[0]))
    }


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
    section = Document.at("README.md").section("Reason codes").text
    missing = [code for code in REASON_LISTS[listed] if f"`{code}`" not in section]
    assert not missing, f"README's reason codes for {listed} lack {missing}"
