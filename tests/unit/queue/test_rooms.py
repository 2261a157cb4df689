"""The queue service's rooms: patients and hospital may use the waiting
list, the waiting list uses neither, and they do not use each other; the
waiting-time guarantee uses the waiting list, and the patients' lookup shows
its part."""

from __future__ import annotations

import ast
from pathlib import Path

import services.queue

ROOT = Path(services.queue.__file__).parent
ROOMS = ("waiting_list", "patients", "hospital", "guarantee")
MAY_USE = {
    "waiting_list": {"waiting_list"},
    "patients": {"patients", "waiting_list", "guarantee"},
    "hospital": {"hospital", "waiting_list"},
    "guarantee": {"guarantee", "waiting_list"},
}


def imported(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def rooms_used(path: Path) -> set[str]:
    prefix = "services.queue."
    return {
        module[len(prefix) :].split(".")[0]
        for module in imported(path)
        if module.startswith(prefix) and module[len(prefix) :].split(".")[0] in ROOMS
    }


def test_each_room_uses_only_the_rooms_it_may():
    wrong = {
        str(path.relative_to(ROOT)): rooms_used(path) - MAY_USE[room]
        for room in ROOMS
        for path in (ROOT / room).rglob("*.py")
        if rooms_used(path) - MAY_USE[room]
    }
    assert wrong == {}


def uses_a_service_layer(module: str) -> bool:
    """Beyond the ports its adapters implement (as tests/unit/platform/
    test_layers.py allows)."""
    _, layer, rest = module.partition(".service_layer")
    return bool(layer) and rest.split(".")[1:2] not in (["ports"], ["unit_of_work"])


def test_no_adapter_of_the_waiting_list_uses_a_service_layer_beyond_its_ports():
    wrong = {
        str(path.relative_to(ROOT)): sorted(
            m for m in imported(path) if uses_a_service_layer(m)
        )
        for path in (ROOT / "waiting_list" / "adapters").rglob("*.py")
        if any(uses_a_service_layer(m) for m in imported(path))
    }
    assert wrong == {}


def hidden_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    found = ["TYPE_CHECKING"] if "TYPE_CHECKING" in names else []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
            isinstance(inner, ast.Import | ast.ImportFrom) for inner in ast.walk(node)
        ):
            found.append(node.name)
    return found


def test_no_import_is_hidden_from_the_import_graph():
    """No TYPE_CHECKING blocks and no imports inside functions: a cycle
    would have to show."""
    hidden = {
        str(path.relative_to(ROOT)): hidden_imports(path)
        for path in sorted(ROOT.rglob("*.py"))
        if hidden_imports(path)
    }
    assert hidden == {}
