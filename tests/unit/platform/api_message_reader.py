"""The rules of ``api_messages`` applied to the whole source: see there."""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterable

from tests.unit.platform.api_messages import (
    OURS,
    POSITIONS,
    VALIDATORS,
    Found,
    SourceFile,
    argument,
    callee,
    except_types,
    source_files,
    template,
)


class Reader:
    def __init__(self, files: list[SourceFile], known: Iterable[tuple[str, str]]):
        """``known``: (path, expression) of words read by another rule, not
        to be read here."""
        self.files = files
        self.by_module = {file.module: file for file in files}
        self.known = frozenset(known)
        self.found = Found()

    def read_everything(self) -> Found:
        for file in self.files:
            for node in ast.walk(file.tree):
                if isinstance(node, ast.Call):
                    self.read_call(file, node)
            self.read_tables(file)
        for kind in sorted(self.found.carriers, key=lambda k: k.__qualname__):
            self.read_carrier(kind)
        return self.found

    def read_call(self, file: SourceFile, call: ast.Call) -> None:
        name = callee(call)
        for index, keyword in POSITIONS.get(name or "", ()):
            given = argument(call, index, keyword)
            if given is not None:
                self.read(file, given)
        for keyword in call.keywords:
            if keyword.arg == "error_messages" or (
                keyword.arg == "error" and name in VALIDATORS
            ):
                self.read(file, keyword.value)

    def read(self, file: SourceFile, expr: ast.expr) -> None:
        """The words ``expr`` can hold."""
        if (file.path, ast.unparse(expr)) in self.known:
            self.found.met.add((file.path, ast.unparse(expr)))
        elif isinstance(expr, ast.Constant):
            if isinstance(expr.value, str):
                self.found.message(expr.value, file, expr)
            elif expr.value is not None:
                self.found.cannot_read(file, expr)
        elif isinstance(expr, ast.JoinedStr):
            self.read_template(file, expr)
        elif isinstance(expr, ast.Name):
            self.read_name(file, expr)
        elif isinstance(expr, ast.Call):
            self.read_result(file, expr)
        elif isinstance(expr, ast.IfExp):
            self.read(file, expr.body)
            self.read(file, expr.orelse)
        else:
            self.read_parts(file, expr)

    def read_parts(self, file: SourceFile, expr: ast.expr) -> None:
        if isinstance(expr, ast.Dict):
            parts = list(expr.values)
        elif isinstance(expr, ast.List | ast.Tuple | ast.Set | ast.BoolOp):
            parts = list(expr.elts if not isinstance(expr, ast.BoolOp) else expr.values)
        elif isinstance(expr, ast.DictComp):
            parts = [expr.value]
        elif isinstance(expr, ast.ListComp | ast.SetComp | ast.GeneratorExp):
            parts = [expr.elt]
        elif isinstance(value := file.value_of(expr), str):
            parts = []
            self.found.message(value, file, expr)
        else:
            parts = []
            self.found.cannot_read(file, expr)
        for part in parts:
            self.read(file, part)

    def read_template(self, file: SourceFile, expr: ast.JoinedStr) -> None:
        words = template(expr)
        if words is None:
            self.found.cannot_read(file, expr)
            return
        self.found.message(words, file, expr)
        for part in expr.values:
            if isinstance(part, ast.FormattedValue):
                self.passed_on(file, part.value)

    def passed_on(self, file: SourceFile, expr: ast.expr) -> None:
        """An exception's ``str()`` in an answer: its words are messages."""
        if isinstance(expr, ast.Name):
            for kind in except_types(file, expr, expr.id):
                self.found.carrier(kind)

    def read_result(self, file: SourceFile, call: ast.Call) -> None:
        name = callee(call)
        if name == "str" and len(call.args) == 1:
            self.passed_on(file, call.args[0])  # else a refusal table's
        elif name == "format" and isinstance(call.func, ast.Attribute):
            self.read(file, call.func.value)
        elif name and file.functions(name):
            for function in file.functions(name):
                for node in ast.walk(function):
                    if isinstance(node, ast.Return) and node.value is not None:
                        self.read(file, node.value)
        else:
            self.found.cannot_read(file, call)

    def read_name(self, file: SourceFile, name: ast.Name) -> None:
        scope = file.scope(name)
        if scope is not None and not isinstance(scope, ast.Lambda):
            values = _assigned(scope, name.id)
            if values:
                for value in values:
                    self.read(file, value)
                return
            if name.id in _parameters(scope):
                self.read_arguments(file, scope, name.id)
                return
        self.read_parts(file, name)

    def read_arguments(
        self,
        file: SourceFile,
        function: ast.FunctionDef | ast.AsyncFunctionDef,
        name: str,
    ) -> None:
        """What ``function``'s callers in the module pass as ``name``."""
        callers = list(file.calls(function.name))
        if not callers:
            self.found.cannot_read(file, function, f"{name} (no caller)")
        for call in callers:
            parameters = _parameters(function)
            if parameters[:1] in (["self"], ["cls"]):
                parameters = parameters[1:]
            given = argument(call, parameters.index(name), name)
            if given is not None:
                self.read(file, given)

    def read_tables(self, file: SourceFile) -> None:
        """A module's dict from exceptions to answers: an entry that sends the
        exception's ``str()`` (or puts it in a ``field``) makes it a carrier."""
        for node in file.tree.body:
            table = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
            if not isinstance(table, ast.Dict):
                continue
            for key, answer in zip(table.keys, table.values, strict=True):
                kind = file.value_of(key) if key is not None else None
                exception = isinstance(kind, type) and issubclass(kind, Exception)
                if exception and _sends_words(file, answer):
                    self.found.carrier(kind)

    def read_carrier(self, kind: type) -> None:
        own = next(
            (
                k
                for k in kind.__mro__
                if "__init__" in vars(k) and k.__module__.startswith(OURS)
            ),
            None,
        )
        if own is not None:
            self.read_own_words(own)
        detail = 0
        if own is not None:
            names = list(inspect.signature(own.__init__).parameters)[1:]
            detail = names.index("detail") if "detail" in names else -1
        for file in self.files:
            for call in file.calls(kind.__name__):
                if detail >= 0 and file.value_of(call.func) is kind:
                    given = argument(call, detail, "detail")
                    if given is not None:
                        self.read(file, given)

    def read_own_words(self, kind: type) -> None:
        file = self.by_module[kind.__module__]
        for node in ast.walk(file.tree):
            if isinstance(node, ast.ClassDef) and node.name == kind.__name__:
                for init in ast.walk(node):
                    is_init = isinstance(init, ast.Call) and callee(init) == "__init__"
                    if is_init and init.args:  # super().__init__(words)
                        self.read(file, init.args[0])


def _assigned(scope: ast.AST, name: str) -> list[ast.expr]:
    values = []
    for node in ast.walk(scope):
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign) and node.value is not None:
            targets = [node.target]
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            values.append(node.value)  # type: ignore[union-attr]
    return [v for v in values if v is not None]


def _parameters(
    scope: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda,
) -> list[str]:
    return [
        a.arg
        for a in [*scope.args.posonlyargs, *scope.args.args, *scope.args.kwonlyargs]
    ]


def _sends_words(file: SourceFile, answer: ast.expr) -> bool:
    if isinstance(answer, ast.Call):
        return any(k.arg == "field" for k in answer.keywords)
    body: ast.AST | None = answer
    if isinstance(answer, ast.Name):
        body = next(iter(file.functions(answer.id)), None)
    return body is not None and any(
        isinstance(n, ast.Call) and callee(n) == "str" for n in ast.walk(body)
    )


def read_source(known: Iterable[tuple[str, str]]) -> Found:
    return Reader(source_files(), known).read_everything()
