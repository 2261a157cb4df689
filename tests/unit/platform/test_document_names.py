"""Every event, webhook type, reason code and ``kezek`` command a document
names is one the code has: a name can only be documented once it exists,
and a list of codes only as the code lists them."""

from __future__ import annotations

import json
import re
import shlex

import pytest

from services.notification.domain.facility_webhooks import WEBHOOK_TYPES
from shared.cli.main import COMMANDS, build_parser
from shared.contracts.events import EVENT_SCHEMAS
from shared.contracts.reasons import REASON_LISTS
from tests.documents import Document, documents

EVENT_NAME = re.compile(
    r"(?:referral|queue|notification)\.(?!(?:ya?ml|json|py)\b)[a-z_]+"
)
KNOWN_NAMES = set(EVENT_SCHEMAS) | set(WEBHOOK_TYPES.values())
EVERY_CODE = {code for codes in REASON_LISTS.values() for code in codes}
WEBHOOKS = "services/notification/WEBHOOKS.md"
COMMON_WEBHOOK_FIELDS = {"id", "type", "occurred_at", "referral_id"}
COMMON_WEBHOOK_FIELDS |= {"hospitalization_code", "hospital_id", "status"}


def event_names(document: Document) -> set[str]:
    """Event and webhook names in inline code, in tables, and in diagrams."""
    spans = [s for s in document.inline_code() if EVENT_NAME.fullmatch(s)]
    diagrams = "\n".join(block.text for block in document.blocks("mermaid"))
    return set(spans) | set(EVENT_NAME.findall(diagrams))


@pytest.mark.parametrize("document", documents(), ids=lambda d: d.name)
def test_every_event_a_document_names_exists(document):
    unknown = sorted(event_names(document) - KNOWN_NAMES)
    assert not unknown, f"{document.name} names no such event or webhook: {unknown}"


def reason_bullets() -> list[tuple[str, set[str]]]:
    """Each bullet of the README's reason codes: its title and the codes
    after its colon (what its parentheses say left out)."""
    section = Document.at("README.md").section("Reason codes")
    bullets = re.findall(
        r"^- \*\*(.+?)\*\*(.*?)(?=^- |\Z)", section.prose(), re.M | re.S
    )
    found = []
    for title, text in bullets:
        while re.search(r"\([^()]*\)", text):
            text = re.sub(r"\([^()]*\)", "", text)
        listed = text.split(":", 1)[1].split(".")[0] if ":" in text else ""
        found.append((title, set(re.findall(r"`([a-z_]+)`", listed))))
    return found


@pytest.mark.parametrize(("title", "codes"), reason_bullets())
def test_each_list_of_reason_codes_is_one_the_code_has(title, codes):
    lists = [name for name, listed in REASON_LISTS.items() if set(listed) == codes]
    assert lists, f"README's '{title}' lists {sorted(codes)}, which no list is"


def test_every_list_of_reason_codes_has_its_bullet():
    shown = [codes for _, codes in reason_bullets()]
    assert all(set(listed) in shown for listed in REASON_LISTS.values())


def reason_code_runs(text: str) -> list[list[str]]:
    """The codes a text gives as a ``reason_code``, run by run: "`reason_code`:
    `a`, `b`", "`reason_code` from the patient's list: `a`, `b`",
    "`reason_code` is `a`", "`reason_code: a`"."""
    named = [[code] for code in re.findall(r"`reason_code: ([a-z_]+)`", text)]
    lead = r"`reason_code`(?: from [^:`]*)?(?::| is) "
    runs = re.findall(lead + r"((?:`[a-z_]+`(?:, | or )?)+)", text)
    return named + [re.findall(r"`([a-z_]+)`", run) for run in runs]


@pytest.mark.parametrize("document", documents(), ids=lambda d: d.name)
def test_every_reason_code_a_document_gives_is_a_documented_one(document):
    runs = reason_code_runs(" ".join(document.prose().split()))
    unknown = sorted({code for run in runs for code in run} - EVERY_CODE)
    assert not unknown, f"{document.name} gives reason codes no list has: {unknown}"
    lists = [set(listed) for listed in REASON_LISTS.values()]
    partial = [run for run in runs if len(run) > 2 and set(run) not in lists]
    assert not partial, f"{document.name} gives lists the code does not have: {partial}"


def test_the_reason_codes_webhooks_give_are_read():
    runs = reason_code_runs(" ".join(Document.at(WEBHOOKS).prose().split()))
    codes = {code for run in runs for code in run}
    assert {"second_no_show", "admitted_elsewhere", "moved", "not_active"} <= codes


def webhook_rows() -> dict[str, str]:
    rows = Document.at(WEBHOOKS).section("What is sent").table_rows()
    return {
        m.group(1): " | ".join(row)
        for row in rows
        if (m := re.fullmatch(r"`([a-z_]+\.[a-z_]+)`", row[0]))
    }


def test_the_webhook_table_has_a_row_for_every_webhook_type():
    assert set(webhook_rows()) == set(WEBHOOK_TYPES.values())


def test_each_webhook_row_names_every_field_its_example_adds():
    blocks = Document.at(WEBHOOKS).blocks("json")
    for body in (json.loads(block.text) for block in blocks):
        row = webhook_rows()[body["type"]]
        unnamed = [f for f in set(body) - COMMON_WEBHOOK_FIELDS if f"`{f}`" not in row]
        assert not unnamed, f"the row of {body['type']} does not name {unnamed}"


def command_lines() -> list[str]:
    """Each ``kezek ...`` a document's shell runs (``[optional]`` parts in)."""
    found = []
    for document in documents():
        for block in document.blocks("sh"):
            for line in block.text.splitlines():
                for command in re.findall(r"(?:^|\$\(|/)kezek ([^)#\n]*)", line):
                    found.append(command.replace("[", "").replace("]", "").strip())
    return found


@pytest.mark.parametrize("command", command_lines())
def test_every_kezek_command_a_document_runs_is_one_the_cli_takes(command):
    arguments = build_parser().parse_args(shlex.split(command))
    assert arguments.command == command.split()[0]


def test_every_kezek_command_a_document_names_exists():
    spans = [s for d in documents() for s in d.inline_code()]
    named = [
        m.group(1) for s in spans if (m := re.match(r"(?:\.venv/bin/)?kezek (\w+)", s))
    ]
    assert named and set(named) <= set(COMMANDS)
    assert {"token", "dlq"} <= {c.split()[0] for c in command_lines()}
