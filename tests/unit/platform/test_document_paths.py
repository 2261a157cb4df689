"""Every file or folder a document names is there, so a rename or a removal
cannot leave a document pointing at nothing; every ``make`` target a
document shows is one the Makefile has."""

from __future__ import annotations

import os
import re
import zoneinfo
from functools import cache
from pathlib import Path

import pytest

from tests.documents import ROOT, Document, documents

SERVICES = ("referral", "queue", "notification")
ELSEWHERE = (".venv/", ".kezek/", "/", "~", "application/", "text/")
"""Made by running the project (or routes, or media types): not its files."""
PATHLIKE = re.compile(r"[\w.<>{},-]*(/[\w.<>{},-]*)*\.?[\w<>{},-]*")
TIME_ZONES = zoneinfo.available_timezones()
NAMED_FILE = re.compile(r".*[\w>}-]\.(py|md|json|yaml|yml|js|conf|toml|po)")


def expanded(path: str) -> list[str]:
    """``services/<name>/x`` for each service; ``a/{b,c}.po`` as both."""
    if "<name>" in path:
        return [p for s in SERVICES for p in expanded(path.replace("<name>", s))]
    if brace := re.search(r"\{([^{}]*,[^{}]*)\}", path):
        start, end = path[: brace.start()], path[brace.end() :]
        return [
            p
            for part in brace.group(1).split(",")
            for p in expanded(start + part + end)
        ]
    return [path]


def is_path(span: str) -> bool:
    if " " in span or "://" in span or span.startswith(ELSEWHERE):
        return False
    if not PATHLIKE.fullmatch(span) or span in TIME_ZONES:
        return False
    return "/" in span or NAMED_FILE.fullmatch(span) is not None


@cache
def project_files() -> tuple[str, ...]:
    """Every file and folder of the project, relative to its root."""
    found = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in {".git", ".venv"} and d[:2] != "__"]
        here = Path(folder).relative_to(ROOT)
        found += [f"{here / d}/" for d in dirs] + [str(here / f) for f in files]
    return tuple(found)


def found(path: str, document: Document, beside: list[str]) -> bool:
    """At the root, beside the document, in the folder of a full path named
    before it in the paragraph, or (a partial path) the end of one."""
    if (ROOT / path).exists() or (document.path.parent / path).exists():
        return True
    if "/" not in path.rstrip("/") and any((ROOT / d / path).exists() for d in beside):
        return True
    return any(f.endswith("/" + path) for f in project_files())


def named_paths(document: Document) -> list[tuple[str, list[str]]]:
    """Each path a paragraph names, with the folders of the full paths
    named before it in that paragraph."""
    named = []
    for paragraph in document.paragraphs():
        folders: list[str] = []
        for span in Document(document.path, paragraph).inline_code():
            if not is_path(span):
                continue
            for path in expanded(span):
                named.append((path, list(folders)))
                if "/" in path:
                    folders.append(
                        path if path.endswith("/") else str(Path(path).parent)
                    )
    return named


@pytest.mark.parametrize("document", documents(), ids=lambda d: d.name)
def test_every_path_a_document_names_is_there(document: Document):
    paths = named_paths(document)
    missing = [path for path, beside in paths if not found(path, document, beside)]
    assert not missing, f"{document.name} names paths that are not there: {missing}"


def test_the_documents_name_the_paths_the_readers_need():
    readme = [path for path, _ in named_paths(Document.at("README.md"))]
    assert "shared/contracts/reasons.py" in readme
    assert "services/referral/settings.py" in readme
    assert "services/notification/WEBHOOKS.md" in readme


def make_targets() -> set[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([\w.-]+):", makefile, re.M))


@pytest.mark.parametrize("document", documents(), ids=lambda d: d.name)
def test_every_make_target_a_document_shows_is_in_the_makefile(document: Document):
    shell = [block.text for block in document.blocks("sh")] + document.inline_code()
    shown = re.findall(r"(?:^|\s)make ([a-z][\w-]*)", "\n".join(shell), re.M)
    missing = sorted(set(shown) - make_targets())
    assert not missing, (
        f"{document.name} shows make targets the Makefile lacks: {missing}"
    )


def test_every_pytest_line_a_document_gives_is_the_makefiles():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    given = [s for d in documents() for s in d.inline_code() if s.startswith("pytest ")]
    assert all(span.removeprefix("pytest ") in makefile for span in given), given


def tree_names(text: str) -> tuple[list[str], list[str]]:
    """A tree's folders named at the start of a line, and the layers named
    indented under them; a top line's later ``sub/`` words are its own."""
    tops, layers = [], []
    for line in text.splitlines():
        words = [w for w in line.split() if re.fullmatch(r"[\w{},/-]+/", w)]
        if words and not line[0].isspace():
            named = [w for w in words if "/" in w.rstrip("/")] or words[:1]
            tops += [p for w in named for p in expanded(w)]
            tops += [f"{named[0]}{w}" for w in words if w not in named]
        elif words and line.split()[0] == words[0]:
            layers.append(words[0])
    return tops, layers


def test_the_readmes_tree_is_the_projects():
    [tree] = [b for b in Document.at("README.md").section("Architecture").blocks("")]
    tops, layers = tree_names(tree.text)
    assert {"shared/", "tests/unit/", "services/queue/patients/"} <= set(tops)
    missing = [top for top in tops if not (ROOT / top).is_dir()]
    services = [t for t in tops if t.startswith("services/")]
    leaves = [  # the console owns no domain: its rooms are its own line's
        s
        for s in services
        if not any(o != s and o.startswith(s) for o in services)
        and s != "services/console/"
    ]
    missing += [f"services/console/{r}" for r in ("templates", "locale", "entrypoints")]
    missing = [m for m in missing if not (ROOT / m).is_dir()]
    missing += [
        leaf + layer
        for leaf in leaves
        for layer in layers
        if not (ROOT / leaf / layer).is_dir()
    ]
    assert layers and not missing, (
        f"the README's tree names folders that are not there: {missing}"
    )


@pytest.mark.parametrize("document", documents(), ids=lambda d: d.name)
def test_every_path_a_documents_shell_uses_is_there(document: Document):
    """``-f deploy/Dockerfile``, ``pytest tests/integration/platform``."""
    shell = "\n".join(block.text for block in document.blocks("sh"))
    used = re.findall(
        r"(?<![\w/.$-])((?:deploy|services|shared|tests)/[\w./-]*)", shell
    )
    missing = [path for path in used if not (ROOT / path).exists()]
    assert not missing, (
        f"{document.name}'s shell uses paths that are not there: {missing}"
    )
