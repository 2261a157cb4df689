"""Every route a document names is one a service serves, with that method
and in its OpenAPI document; every call a document's shell shows asks a
route, query parameters and headers the route declares, and reads (jq)
only fields its answer has."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from tests.documents import Document, documents
from tests.unit.platform.service_apis import (
    answer_schema,
    property_names,
    service_apis,
    service_at,
)

METHOD_PATH = re.compile(r"(GET|POST|PUT|DELETE|PATCH) (/\S*)")
PLAIN_HEADERS = {"authorization", "content-type", "accept", "accept-language"}


def documented(method: str, path: str) -> bool:
    return any(api.operation(method, path) for api in service_apis().values())


def named_routes(document: Document) -> list[tuple[str, str]]:
    """``METHOD /path`` in inline code, and as the first line of a block."""
    spans = [METHOD_PATH.fullmatch(span) for span in document.inline_code()]
    firsts = [METHOD_PATH.match(block.text) for block in document.blocks("")]
    return [(m.group(1), m.group(2)) for m in spans + firsts if m]


@pytest.mark.parametrize("document", documents(), ids=lambda d: d.name)
def test_every_route_a_document_names_is_in_an_openapi_document(document):
    missing = [f"{m} {p}" for m, p in named_routes(document) if not documented(m, p)]
    assert not missing, f"{document.name} names routes no service documents: {missing}"


@pytest.mark.parametrize("document", documents(), ids=lambda d: d.name)
def test_every_path_a_document_names_is_served(document):
    paths = [s for s in document.inline_code() if re.fullmatch(r"/[\w./{}-]*", s)]
    apis = service_apis().values()
    served = [
        p
        for p in paths
        if any(api.serves(m, p) for api in apis for m in ("GET", "POST"))
    ]
    assert paths == served, f"{document.name} names paths nothing serves"


def test_every_service_serves_the_operations_paths():
    table = Document.at("README.md").section("Operations").table_rows()
    paths = [p for row in table[1:] for p in re.findall(r"`(/[\w./]*)`", row[0])]
    assert {"/healthz", "/readyz", "/metrics", "/docs"} <= set(paths)
    for api in service_apis().values():
        assert all(api.serves("GET", path) for path in paths), api.name


def query_parameters() -> dict[str, set[object]]:
    """Every query parameter of every route, with the values its enum allows
    (none listed: any)."""
    found: dict[str, set[object]] = {}
    for api in service_apis().values():
        for operations in api.document["paths"].values():
            for operation in operations.values():
                for parameter in operation.get("parameters", []):
                    if parameter["in"] == "query":
                        allowed = found.setdefault(parameter["name"], set())
                        allowed |= set(parameter["schema"].get("enum", ["*"]))
    return found


@pytest.mark.parametrize("document", documents(), ids=lambda d: d.name)
def test_every_query_a_document_gives_is_one_a_route_takes(document):
    given = [
        s.split("=", 1)
        for s in document.inline_code()
        if re.fullmatch(r"[a-z_]+=\w+", s)
    ]
    known = query_parameters()
    wrong = [(n, v) for n, v in given if not {v, "*"} & known.get(n, set())]
    assert not wrong, f"{document.name} gives queries no route takes: {wrong}"


@dataclass(frozen=True)
class Call:
    """A curl call of a document's shell."""

    method: str
    port: int
    path: str
    query: list[str]
    headers: list[str]
    jq: str

    @classmethod
    def of(cls, command: str) -> Call:
        url = re.search(
            r"http://127\.0\.0\.1:(\d+)(/[^\s\"'?]*)\??([^\s\"']*)", command
        )
        assert url, f"a call to no local service: {command}"
        method = re.search(r"-X (\w+)", command)
        jq = re.search(r"\| jq (?:-r )?('[^']*'|\S+)", command)
        return cls(
            method.group(1) if method else "GET",
            int(url.group(1)),
            url.group(2),
            [part.split("=")[0] for part in url.group(3).split("&") if part],
            re.findall(r"-H [\"']([\w-]+):", command),
            jq.group(1).strip("'") if jq else "",
        )


def calls() -> list[Call]:
    found = []
    for document in documents():
        for block in document.blocks("sh"):
            for command in block.text.replace("\\\n", " ").splitlines():
                if re.search(r"\bcurl ", command):
                    found.append(Call.of(command))
    return found


def read_fields(jq: str) -> set[str]:
    """The field names a jq filter reads: ``.name`` and ``{name, ...}`` (a
    key given a value, ``{step: .x}``, names the output, not a field)."""
    jq = re.sub(r'"[^"]*"', "", jq)
    dotted = re.findall(r"\.([a-z_]\w*)", jq)
    shorthand = re.findall(r"[{,]\s*([a-z_]\w*)\s*(?=[,}])", jq)
    return set(dotted) | set(shorthand)


@pytest.mark.parametrize("call", calls(), ids=lambda c: f"{c.method} {c.path}")
def test_every_call_a_document_shows_is_a_documented_route(call: Call):
    api = service_at(call.port)
    operation = api.operation(call.method, call.path)
    assert operation, f"{api.name} documents no {call.method} {call.path}"
    parameters = operation.get("parameters", [])
    query = {p["name"] for p in parameters if p["in"] == "query"}
    headers = {p["name"].lower() for p in parameters if p["in"] == "header"}
    assert set(call.query) <= query, (
        f"{call.path}: undocumented {set(call.query) - query}"
    )
    asked = {h.lower() for h in call.headers} - PLAIN_HEADERS
    assert asked <= headers, f"{call.path}: undocumented headers {asked - headers}"
    answered = property_names(api, answer_schema(api, operation))
    unread = read_fields(call.jq) - answered
    assert not unread, f"{call.method} {call.path} answers no {sorted(unread)}"


def test_the_journeys_calls_are_all_read():
    shown = {(c.method, c.path.split("$")[0]) for c in calls()}
    assert ("POST", "/v1/referrals") in shown
    assert ("POST", "/v1/admissions/pull") in shown
    assert any(c.jq for c in calls()) and read_fields(".scheduled[0].entry_id") == {
        "scheduled",
        "entry_id",
    }
