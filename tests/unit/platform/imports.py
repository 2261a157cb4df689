"""Reading a module's imports from its source (``ast``; nothing is imported),
and where a module sits: its service and its layer, a layer being found by its
folder's name at any depth (``services/queue/waiting_list/domain/`` is a
domain of the queue service)."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LAYERS = ("domain", "service_layer", "adapters", "entrypoints")


@dataclass(frozen=True)
class Module:
    path: str  # as in the repository: ``services/queue/domain/book.py``
    name: str  # ``services.queue.domain.book``
    imports: frozenset[str]

    @property
    def service(self) -> str | None:
        return service_of(self.name)

    @property
    def layer(self) -> str | None:
        return layer_of(self.name)


def service_of(name: str) -> str | None:
    """``services.queue`` for anything inside the queue service, else None."""
    parts = name.split(".")
    return ".".join(parts[:2]) if parts[0] == "services" and len(parts) > 1 else None


def layer_of(name: str) -> str | None:
    """The first layer folder inside the service, at any depth, else None."""
    if service_of(name) is None:
        return None
    return next((part for part in name.split(".")[2:] if part in LAYERS), None)


def is_module(name: str) -> bool:
    """Whether ``name`` is a module or package of this repository."""
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imported_names(tree: ast.AST, package: str) -> frozenset[str]:
    """Every module an import names: ``from a.b import c`` names ``a.b.c`` if
    that is a module of the repository, else ``a.b``; relative imports are
    resolved against ``package``."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                child = f"{base}.{alias.name}"
                names.add(child if is_module(child) else base)
    return frozenset(names)


def parse(path: str, source: str) -> Module:
    parts = path.removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        parts.pop()
        package = ".".join(parts)
    else:
        package = ".".join(parts[:-1])
    tree = ast.parse(source, filename=path)
    return Module(path, ".".join(parts), imported_names(tree, package))


def every_module() -> list[Module]:
    files = sorted(
        file
        for top in ("shared", "services")
        for file in (ROOT / top).rglob("*.py")
        if "__pycache__" not in file.parts
    )
    return [
        parse(file.relative_to(ROOT).as_posix(), file.read_text(encoding="utf-8"))
        for file in files
    ]
