"""The layers' import rules, read from the source (parsed with ``ast``; no
module is imported): ``shared/`` is the platform and imports no service; no
service imports another; a domain imports no infrastructure and none of its
service's outer layers; a service layer imports neither pymongo nor its
service's adapters; an adapter imports of its service layer only the ports it
implements. A layer is found by its folder's name at any depth
(``services/queue/waiting_list/domain/`` is a domain of the queue service),
and every import counts, also one inside a function or under
``TYPE_CHECKING``."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from tests.unit.platform.imports import (
    LAYERS,
    Module,
    every_module,
    layer_of,
    parse,
    service_of,
)

INFRASTRUCTURE = frozenset({"pymongo", "aiohttp", "aio_pika"})
OUTER_LAYERS = frozenset({"service_layer", "adapters", "entrypoints"})
PORTS = frozenset({"ports", "unit_of_work"})
"""The service layer's modules of abstract ports, which adapters implement."""


Rule = Callable[[Module, str], bool]


def shared_imports_a_service(module: Module, name: str) -> bool:
    return module.path.startswith("shared/") and name.split(".")[0] == "services"


def imports_another_service(module: Module, name: str) -> bool:
    other = service_of(name)
    return module.service is not None and other not in (None, module.service)


def own_layer(module: Module, name: str) -> str | None:
    return layer_of(name) if service_of(name) == module.service else None


def domain_reaches_out(module: Module, name: str) -> bool:
    return module.layer == "domain" and (
        name.split(".")[0] in INFRASTRUCTURE or own_layer(module, name) in OUTER_LAYERS
    )


def service_layer_sees_storage(module: Module, name: str) -> bool:
    return module.layer == "service_layer" and (
        name.split(".")[0] == "pymongo" or own_layer(module, name) == "adapters"
    )


def is_port(name: str) -> bool:
    parts = name.split(".")
    after = parts[parts.index("service_layer") + 1 :]
    return bool(after) and after[0] in PORTS


def adapter_imports_service_layer(module: Module, name: str) -> bool:
    """An adapter implements its service layer's ports and imports nothing
    else of it."""
    return (
        module.layer == "adapters"
        and own_layer(module, name) == "service_layer"
        and not is_port(name)
    )


def offences(modules: Iterable[Module], *rules: Rule) -> dict[str, list[str]]:
    """Each offending module's path and what it imports against the rules."""
    found: dict[str, list[str]] = {}
    for module in modules:
        bad = sorted(n for n in module.imports if any(r(module, n) for r in rules))
        if bad:
            found[module.path] = bad
    return found


MODULES = every_module()


def test_the_tree_is_read():
    layers = {module.layer for module in MODULES}
    assert len(MODULES) > 100 and set(LAYERS) <= layers


def test_shared_imports_no_service():
    assert offences(MODULES, shared_imports_a_service) == {}


def test_no_service_imports_another():
    assert offences(MODULES, imports_another_service) == {}


def test_a_domain_imports_no_infrastructure_and_no_outer_layer_of_its_service():
    assert offences(MODULES, domain_reaches_out) == {}


def test_no_service_layer_imports_pymongo_or_its_service_adapters():
    assert offences(MODULES, service_layer_sees_storage) == {}


def test_no_adapter_imports_its_service_layer():
    assert offences(MODULES, adapter_imports_service_layer) == {}


def test_the_rules_find_layers_at_any_depth():
    source = (
        "import pymongo\n"
        "from services.queue.hospital.adapters import beds\n"
        "from services.referral.domain.rules import x\n"
        "from ..service_layer.book import QueueBook\n"
        "from services.queue.waiting_list.domain import order\n"
    )
    module = parse("services/queue/waiting_list/domain/entries.py", source)
    assert offences([module], domain_reaches_out, imports_another_service) == {
        module.path: [
            "pymongo",
            "services.queue.hospital.adapters",
            "services.queue.waiting_list.service_layer.book",
            "services.referral.domain.rules",
        ]
    }


def test_an_adapter_may_import_the_ports_it_implements_and_nothing_else():
    source = (
        "from services.queue.hospital.service_layer.ports import BedLedger\n"
        "from services.queue.hospital.service_layer.unit_of_work import Change\n"
        "from services.queue.waiting_list.service_layer.book import QueueBook\n"
    )
    module = parse("services/queue/hospital/adapters/mongo_beds.py", source)
    assert offences([module], adapter_imports_service_layer) == {
        module.path: ["services.queue.waiting_list.service_layer.book"]
    }


def test_the_platform_rule_sees_an_import_inside_a_function():
    source = "def start():\n    import services.notification.sinks\n"
    module = parse("shared/cli/up.py", source)
    assert offences([module], shared_imports_a_service) == {
        "shared/cli/up.py": ["services.notification.sinks"]
    }
