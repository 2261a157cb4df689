"""The broker's names a document gives are the topology's, and every error
code a document gives with its status is one an API answers with."""

from __future__ import annotations

import re
from functools import cache

import pytest

from shared.messaging.topology import SUBSCRIPTIONS, Topology
from tests.documents import ROOT, Document, documents

NAMESPACE = "kezek"
"""``KEZEK_NAMESPACE``'s default, which the diagram shows."""


def test_the_diagrams_exchange_and_queues_are_the_topologys():
    [diagram] = Document.at("README.md").blocks("mermaid")
    names = set(re.findall(r"\bkezek\.\w+", diagram.text))
    topologies = [Topology(NAMESPACE, service) for service in SUBSCRIPTIONS]
    assert names == {t.queue for t in topologies} | {topologies[0].exchange}


def test_the_name_patterns_the_readme_gives_are_the_topologys():
    spans = {s for s in Document.at("README.md").inline_code() if "<ns>." in s}
    topology = Topology("<ns>", "<service>")
    made = {topology.exchange, topology.queue, topology.dead_letter_queue}
    assert spans and spans <= made, spans - made


@cache
def source() -> str:
    files = [*(ROOT / "shared").rglob("*.py"), *(ROOT / "services").rglob("*.py")]
    return "\n".join(path.read_text(encoding="utf-8") for path in files)


def answered(status: str, code: str) -> bool:
    """The code is an error's, with this status: ``ApiError(409, "x", ...``,
    ``error_response(503, "x", ...`` or a table's ``(403, "x")``."""
    return re.search(rf"\b{status},\s*\"{code}\"", source()) is not None


def given_errors(document: Document) -> list[tuple[str, str]]:
    """ "``409 not_reinstatable``", "503 ``store_unavailable``"."""
    text = " ".join(document.prose().split())
    return re.findall(r"`([45]\d\d) ([a-z_]+)`", text) + re.findall(
        r"\b([45]\d\d) `([a-z_]+)`", text
    )


@pytest.mark.parametrize("document", documents(), ids=lambda d: d.name)
def test_every_error_a_document_gives_is_one_an_api_answers(document):
    unknown = [error for error in given_errors(document) if not answered(*error)]
    assert not unknown, f"{document.name} gives errors no API answers: {unknown}"


def test_the_readme_gives_errors_with_their_status():
    given = set(given_errors(Document.at("README.md")))
    assert {("503", "store_unavailable"), ("409", "not_reinstatable")} <= given
    example = Document.at("README.md").section("Operations").inline_code()
    [shape] = [span for span in example if span.startswith('{"error":')]
    code = re.search(r'"status": (\d+), "code": "(\w+)"', shape)
    assert code and answered(*code.groups())


def snake_names(document: Document) -> set[str]:
    """The ``snake_case`` names a document gives in inline code (a field,
    a code, a log event, a fixture; ``name: value`` counts as ``name``)."""
    spans = document.inline_code()
    return {
        m.group(1)
        for s in spans
        if (m := re.match(r"([a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?::|$)", s))
    }


@cache
def words_of_the_code() -> set[str]:
    conftest = (ROOT / "tests/conftest.py").read_text(encoding="utf-8")
    return set(re.findall(r"[a-z][a-z0-9_]*", source() + conftest))


@pytest.mark.parametrize("document", documents(), ids=lambda d: d.name)
def test_every_name_a_document_gives_is_in_the_code(document):
    """Not what each name means (the tests above check the fields, codes and
    events they can read as such), but that none is misspelt or gone."""
    unknown = sorted(snake_names(document) - words_of_the_code())
    assert not unknown, f"{document.name} gives names the code does not have: {unknown}"
