"""Every message the APIs can send, read from the source of ``services/`` and
``shared/`` (``ast``, with each module's own namespace to read its constants).

A message is read where the code hands words to an answer: the message and
field messages of ``ApiError`` and ``error_response``, ``ValidationError``'s,
a validator's ``error=``, a field's ``error_messages``, a refusal table's
``Answer``, a referral rule's ``findings.error``. An f-string is a template
named by its placeholders (``f"deeper than {MAX_DEPTH}"`` reads as ``deeper
than {MAX_DEPTH}``); a name is followed to its assignment, to the arguments
its function is called with, or to the module's constant; a call of the same
module's function to what it returns. An answer that sends ``str(exc)``
(a refusal table's entry, or an ``except ... as exc``) makes the exception's
words messages too: those of its ``__init__``, and where it is raised, its
first argument (or the one its ``__init__`` calls ``detail``). What cannot be
read so is reported (``unreadable``), for the test to refuse or to know."""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

from marshmallow import validate

ROOT = Path(__file__).resolve().parents[3]
OURS = ("services.", "shared.")
POSITIONS = {
    "ApiError": ((2, "message"), (3, "fields")),
    "error_response": ((2, "message"), (3, "field_errors")),
    "ValidationError": ((0, "message"),),
    "Answer": ((2, "message"),),
    "error": ((1, "message"),),
    "Misfit": ((0, "message"),),
}
"""Callee -> (position, keyword) of each argument that holds words."""
VALIDATORS = frozenset(
    name
    for name, kind in vars(validate).items()
    if isinstance(kind, type) and issubclass(kind, validate.Validator)
)
Scope = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda


@dataclass(frozen=True)
class Message:
    msgid: str
    where: str  # ``shared/http/errors.py:123``


@dataclass
class SourceFile:
    path: str
    module: str
    tree: ast.Module

    @cached_property
    def parents(self) -> dict[ast.AST, ast.AST]:
        return {
            child: node
            for node in ast.walk(self.tree)
            for child in ast.iter_child_nodes(node)
        }

    @cached_property
    def namespace(self) -> ModuleType:
        return importlib.import_module(self.module)

    def where(self, node: ast.AST) -> str:
        return f"{self.path}:{getattr(node, 'lineno', 0)}"

    def around(self, node: ast.AST) -> Iterator[ast.AST]:
        while node in self.parents:
            node = self.parents[node]
            yield node

    def scope(self, node: ast.AST) -> Scope | None:
        kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
        return next((n for n in self.around(node) if isinstance(n, kinds)), None)

    @cached_property
    def _named(self) -> dict[str, list[ast.AST]]:
        """Every call by its callee's name, every function by its own."""
        named: dict[str, list[ast.AST]] = {}
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call):
                named.setdefault(f"call {callee(node)}", []).append(node)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                named.setdefault(f"def {node.name}", []).append(node)
        return named

    def functions(self, name: str) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
        return self._named.get(f"def {name}", [])  # type: ignore[return-value]

    def calls(self, name: str) -> list[ast.Call]:
        return self._named.get(f"call {name}", [])  # type: ignore[return-value]

    def value_of(self, expr: ast.expr) -> Any:
        """What a name or dotted name is in the module, else None."""
        if isinstance(expr, ast.Name):
            return getattr(self.namespace, expr.id, None)
        if isinstance(expr, ast.Attribute):
            return getattr(self.value_of(expr.value), expr.attr, None)
        return None


def callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    return call.func.attr if isinstance(call.func, ast.Attribute) else None


def argument(call: ast.Call, index: int, keyword: str) -> ast.expr | None:
    given = [k.value for k in call.keywords if k.arg == keyword]
    if given:
        return given[0]
    plain = [a for a in call.args if not isinstance(a, ast.Starred)]
    return plain[index] if index < len(plain) else None


def source_files() -> list[SourceFile]:
    files = []
    for top in ("shared", "services"):
        for file in sorted((ROOT / top).rglob("*.py")):
            if "__pycache__" in file.parts or file.name == "__main__.py":
                continue
            path = file.relative_to(ROOT).as_posix()
            parts = path.removesuffix(".py").removesuffix("/__init__").split("/")
            tree = ast.parse(file.read_text(encoding="utf-8"), filename=path)
            files.append(SourceFile(path, ".".join(parts), tree))
    return files


@dataclass
class Found:
    messages: list[Message] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    """(path:line, expression) of words no rule can read."""
    carriers: set[type] = field(default_factory=set)
    """Exceptions whose ``str()`` an answer sends."""
    met: set[tuple[str, str]] = field(default_factory=set)
    """The known expressions met (read by other rules)."""

    def message(self, msgid: str, file: SourceFile, node: ast.AST) -> None:
        self.messages.append(Message(msgid, file.where(node)))

    def cannot_read(self, file: SourceFile, expr: ast.AST, text: str = "") -> None:
        self.unreadable.append((file.where(expr), text or ast.unparse(expr)))

    def carrier(self, kind: Any) -> None:
        if isinstance(kind, type) and kind.__module__.startswith(OURS):
            self.carriers.add(kind)


def template(expr: ast.JoinedStr) -> str | None:
    """An f-string's words with ``{name}`` for each placeholder; None when a
    placeholder is not a plain or dotted name."""
    parts = []
    for part in expr.values:
        if isinstance(part, ast.Constant):
            parts.append(str(part.value))
        elif isinstance(part, ast.FormattedValue) and _dotted(part.value):
            parts.append("{" + ast.unparse(part.value) + "}")
        else:
            return None
    return "".join(parts)


def _dotted(expr: ast.expr) -> bool:
    if isinstance(expr, ast.Attribute):
        return _dotted(expr.value)
    return isinstance(expr, ast.Name)


def except_types(file: SourceFile, node: ast.AST, name: str) -> list[Any]:
    """The exception classes ``name`` is bound to by an enclosing
    ``except ... as name``."""
    for outer in file.around(node):
        if isinstance(outer, ast.ExceptHandler) and outer.name == name:
            kinds = outer.type
            exprs = kinds.elts if isinstance(kinds, ast.Tuple) else [kinds]
            return [file.value_of(e) for e in exprs if e is not None]
    return []
