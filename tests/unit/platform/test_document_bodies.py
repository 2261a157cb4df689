"""Every JSON a document shows is what the code takes or gives: a request
body is one its route's schema accepts, an answer's fields are its route's,
the error shape is the one every service answers with, the registry's
excerpt is the shipped registry's, and a log line is the one logged."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import structlog

from shared import runtime
from shared.reference.registry import DATA_FILE
from tests.documents import Block, Document, documents
from tests.unit.platform.service_apis import (
    answer_schema,
    schema_errors,
    service_apis,
    service_at,
)
from tests.unit.platform.test_document_routes import METHOD_PATH, Call, read_fields


def requests() -> list[tuple[str, Block]]:
    """Each block that shows an HTTP request (``METHOD /path`` first)."""
    return [
        (document.name, block)
        for document in documents()
        for block in document.blocks("")
        if METHOD_PATH.match(block.text)
    ]


def request_body(block: Block) -> Any:
    """The JSON after a request's headers (None if it has none)."""
    body = block.text.split("\n{", 1)
    return json.loads("{" + body[1]) if len(body) == 2 else None


@pytest.mark.parametrize(("name", "block"), requests(), ids=lambda r: str(r)[:40])
def test_every_request_a_document_shows_is_one_its_route_accepts(name, block):
    method, path = METHOD_PATH.match(block.text).groups()  # type: ignore[union-attr]
    [(api, operation)] = [
        (api, op)
        for api in service_apis().values()
        if (op := api.operation(method, path))
    ]
    body = request_body(block)
    if body is not None:
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        assert schema_errors(api, body, schema) == [], f"{name}: {method} {path}"
    for status, fields in answer_fields(
        Document.at(name).section(block.heading)
    ).items():
        content = operation["responses"][status]["content"]["application/json"]
        schema = api.schema(content["schema"])
        assert fields == set(schema["properties"]), f"{name}: {status} answer"


def answer_fields(section: Document) -> dict[str, set[str]]:
    """The rows of a section's answer table that list a body's fields
    (``| 201 | ... | `{"facility_id", "url"}` |``), by status."""
    found = {}
    for row in section.table_rows():
        names = [re.findall(r'"(\w+)"', cell) for cell in row if cell.startswith('`{"')]
        if row[0].isdigit() and names:
            found[row[0]] = set(names[0])
    return found


def test_the_registration_answers_are_listed_with_their_fields():
    section = Document.at("services/notification/WEBHOOKS.md").section(
        "Registering a URL"
    )
    assert answer_fields(section)["201"] >= {"facility_id", "url", "secret"}


def error_examples() -> list[tuple[str, Any]]:
    return [
        (document.name, json.loads(span))
        for document in documents()
        for span in document.inline_code()
        if span.startswith('{"error":')
    ]


@pytest.mark.parametrize(("name", "example"), error_examples())
def test_the_error_shape_a_document_shows_is_every_services(name, example):
    for api in service_apis().values():
        assert schema_errors(api, example, {"$ref": "#/components/schemas/Error"}) == []
    assert set(example["error"]) == {"status", "code", "message", "fields"}


def test_the_readme_shows_the_error_shape():
    assert [name for name, _ in error_examples()] == ["README.md"]


def registry_excerpts() -> list[Block]:
    readme = Document.at("README.md").section("The facility registry")
    return readme.blocks("json")


def shipped(excerpt: Any, registry: Any, where: str) -> list[str]:
    """Where the excerpt says what the shipped registry does not: every key
    it gives has the same value there (a facility found by its id)."""
    if isinstance(excerpt, dict):
        return [
            wrong
            for key, value in excerpt.items()
            for wrong in (
                shipped(value, registry.get(key), f"{where}.{key}")
                if isinstance(registry, dict)
                else [f"{where}.{key}"]
            )
        ]
    if isinstance(excerpt, list) and all(isinstance(i, dict) for i in excerpt):
        registry = registry if isinstance(registry, list) else []
        by_id = {item.get("id"): item for item in registry}
        return [
            w for item in excerpt for w in shipped(item, by_id.get(item["id"]), where)
        ]
    return [] if excerpt == registry else [f"{where}: {excerpt!r}"]


@pytest.mark.parametrize("block", registry_excerpts(), ids=lambda b: b.text[:20])
def test_the_registry_excerpt_is_the_shipped_registry(block):
    text = block.text.strip()
    excerpt = json.loads(text if text.startswith("{") else "{" + text + "}")
    registry = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert shipped(excerpt, registry, "") == []


def test_the_names_in_three_languages_are_a_facility_of_the_registry():
    registry = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    names = [f["name"] for f in registry["facilities"]]
    spans = Document.at("README.md").section("The facility registry").inline_code()
    shown = [json.loads(s) for s in spans if s.startswith('{"kk"')]
    assert shown and all(name in names for name in shown)
    assert len(registry_excerpts()) == 1


async def test_the_log_line_of_a_store_not_yet_there_is_the_one_logged(monkeypatch):
    spans = Document.at("README.md").section("Operations").inline_code()
    [shown] = [json.loads(s) for s in spans if s.startswith('{"event"')]
    delays: list[float] = []

    async def no_wait(seconds: float) -> None:
        delays.append(seconds)

    monkeypatch.setattr(runtime.asyncio, "sleep", no_wait)
    failures = iter([ConnectionError("refused")] * 5)

    async def attempt() -> str:
        raise next(failures, None) or RuntimeError("unreachable")

    with structlog.testing.capture_logs() as lines, pytest.raises(RuntimeError):
        await runtime.when_available(
            shown["event"].split("_")[0],
            attempt,
            lambda e: isinstance(e, ConnectionError),
        )
    first = {k: v for k, v in lines[0].items() if k != "log_level"}
    assert set(first) == set(shown) and first["retry_in_s"] == shown["retry_in_s"]
    assert delays == [1.0, 2.0, 4.0, 8.0, 10.0]


WEBHOOK_BODIES = "services/notification/WEBHOOKS.md"  # test_webhook_examples.py
REGISTRY_EXCERPT = ("README.md", "The facility registry")  # above


def answer_examples() -> list[tuple[str, Block, Block | None]]:
    """Every other JSON block, with the block before it (the call it
    answers, if the document shows one)."""
    found = []
    for document in documents():
        blocks = document.blocks()
        for before, block in zip([None, *blocks], blocks, strict=False):
            elsewhere = document.name == WEBHOOK_BODIES or (
                (document.name, block.heading) == REGISTRY_EXCERPT
            )
            if block.info == "json" and not elsewhere:
                found.append((document.name, block, before))
    return found


def test_every_other_json_example_answers_the_call_before_it():
    """A JSON answer shown after the shell call that gets it: with ``jq .``
    (or none) the route's answer schema loads it, after a jq filter its keys
    are the ones the filter reads."""
    for name, block, before in answer_examples():
        assert before is not None and before.info == "sh", (
            f"{name}: a JSON block under '{block.heading}' that no test checks: "
            "show it after the shell call it answers"
        )
        last = [
            c for c in before.text.replace("\\\n", " ").splitlines() if "curl " in c
        ][-1]
        call = Call.of(last)
        api = service_at(call.port)
        operation = api.operation(call.method, call.path) or {}
        example = json.loads(block.text)
        if call.jq in ("", "."):
            assert schema_errors(api, example, answer_schema(api, operation)) == [], (
                name
            )
        else:
            assert set(example) <= read_fields(call.jq), (name, call.jq)
