"""The project's documents read as their machine parts: the fenced blocks,
the inline code and the table rows, each with the heading it stands under,
so that a test can check every example a document shows (and the ones
added later) rather than a fixed list of them."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.S | re.M)
HEADING = re.compile(r"^(#{1,6}) (.+?)\s*$", re.M)
INLINE = re.compile(r"`([^`\n]+(?:\n[^`\n]+)*)`")


def document_paths() -> list[Path]:
    """Every Markdown file of the project (not the virtualenv's, nor any
    hidden or generated directory's)."""
    found = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if not d.startswith((".", "__")) and "egg" not in d]
        found += [Path(folder) / f for f in files if f.endswith(".md")]
    return sorted(found)


@dataclass(frozen=True)
class Block:
    """A fenced block: its info string (``sh``, ``json``, or empty), its
    text, and the heading it stands under."""

    info: str
    text: str
    heading: str


@dataclass(frozen=True)
class Document:
    path: Path
    text: str

    @classmethod
    def at(cls, relative: str | Path) -> Document:
        path = ROOT / relative
        return cls(path, path.read_text(encoding="utf-8"))

    @property
    def name(self) -> str:
        return str(self.path.relative_to(ROOT))

    def section(self, heading: str) -> Document:
        """The part under ``heading`` (any level), up to the next heading of
        the same or a higher level; empty when there is no such heading."""
        for match in HEADING.finditer(self.text):
            if match.group(2) != heading:
                continue
            level = len(match.group(1))
            rest = self.text[match.end() :]
            end = re.search(rf"^#{{1,{level}}} ", rest, re.M)
            return Document(self.path, rest[: end.start()] if end else rest)
        return Document(self.path, "")

    def blocks(self, info: str | None = None) -> list[Block]:
        """The fenced blocks, of one info string when given."""
        found = []
        for match in FENCE.finditer(self.text):
            if info is None or match.group(1).strip() == info:
                heading = self.heading_before(match.start())
                found.append(Block(match.group(1).strip(), match.group(2), heading))
        return found

    def heading_before(self, offset: int) -> str:
        headings = [m.group(2) for m in HEADING.finditer(self.prose(), 0, offset)]
        return headings[-1] if headings else ""

    def prose(self) -> str:
        """The text with each fenced block blanked (its length kept, so
        offsets still match), so that ``#`` in a block is no heading."""
        return FENCE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), self.text)

    def inline_code(self) -> list[str]:
        """Every inline code span outside the fenced blocks and the tables'
        cells included, its inner white space collapsed (a span may wrap)."""
        spans = INLINE.findall(self.prose())
        return [" ".join(span.split()) for span in spans]

    def paragraphs(self) -> list[str]:
        """The prose in paragraphs (blank-line separated), blocks left out."""
        return [p for p in re.split(r"\n\s*\n", self.prose()) if p.strip()]

    def table_rows(self) -> list[list[str]]:
        """The cells of every table row (header rows too, separators not)."""
        rows = []
        for line in self.prose().splitlines():
            line = line.strip()
            if line.startswith("|") and not re.fullmatch(r"[|:\- ]+", line):
                rows.append([cell.strip() for cell in line.strip("|").split("|")])
        return rows


def documents() -> list[Document]:
    return [Document.at(path.relative_to(ROOT)) for path in document_paths()]
