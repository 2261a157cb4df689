"""Every environment variable a document names is one the project reads;
a setting's value a document gives (``NAME=value``, "``NAME`` (20)") is one
the settings accept and the default they have; what the documents say of
``kezek up``, compose and the Kubernetes manifests is what they do.
(``test_readme.py`` holds the configuration tables to the settings.)"""

from __future__ import annotations

import dataclasses
import re
from functools import cache

import pytest
import yaml

from services.console.settings import ConsoleSettings
from services.notification.settings import NotificationSettings
from services.queue.settings import QueueSettings
from services.referral.settings import ReferralSettings
from shared.cli.up import SERVICES, service_ports
from shared.settings import ServiceSettings
from tests.documents import ROOT, Document, documents
from tests.unit.platform.test_document_paths import project_files

CLASSES: tuple[type[ServiceSettings], ...] = (
    ServiceSettings,
    ReferralSettings,
    QueueSettings,
    NotificationSettings,
    ConsoleSettings,
)
OWN_KEYS = {
    **{
        name: "k" * 40
        for name in ("IIN_DIGEST_KEY", "WEBHOOK_SECRET_KEY", "CONSOLE_SESSION_KEY")
    },
    "OIDC_ISSUER": "https://id.kezek.example/realms/kezek",
}
"""Keys of no one's and a provider's address: a service in production
refuses the published keys and the development issuer."""
VARIABLE = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\*?")


def defaults() -> dict[str, set[object]]:
    """Each setting's variable and the defaults it has (one per service)."""
    found: dict[str, set[object]] = {}
    for cls in CLASSES:
        for field in dataclasses.fields(cls):
            found.setdefault(field.name.upper(), set()).add(field.default)
    return found


@cache
def read_elsewhere() -> str:
    """The project's files other than its documents, as one text."""
    texts = []
    for name in project_files():
        path = ROOT / name
        if path.is_file() and path.suffix in {".py", ".yml", ".yaml", ".sh", ""}:
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(texts)


def is_read(variable: str) -> bool:
    if variable.endswith("*"):
        return any(name.startswith(variable[:-1]) for name in defaults())
    if variable in defaults() or variable in {f"{s.upper()}_PORT" for s in SERVICES}:
        return True
    return (
        re.search(rf"[\"'{{]{variable}\b|\b{variable}=", read_elsewhere()) is not None
    )


@pytest.mark.parametrize("document", documents(), ids=lambda d: d.name)
def test_every_variable_a_document_names_is_read(document: Document):
    words = {w for span in document.inline_code() for w in span.split()}
    named = {v for w in words if (v := w.split("=")[0]) and VARIABLE.fullmatch(v)}
    named |= {w for w in words if w in defaults()}
    unread = sorted(v for v in named if not is_read(v))
    assert not unread, f"{document.name} names variables nothing reads: {unread}"


@pytest.mark.parametrize("document", documents(), ids=lambda d: d.name)
def test_every_value_a_document_sets_is_one_the_settings_take(document: Document):
    for span in document.inline_code():
        for name, value in re.findall(r"\b([A-Z][A-Z0-9_]+)=(\S+)", span):
            for cls in CLASSES:
                if name.lower() in {f.name for f in dataclasses.fields(cls)}:
                    env = {**OWN_KEYS, "KEZEK_ENV": "development", name: value}
                    cls.from_env(env)


def given_defaults(text: str) -> list[tuple[str, str]]:
    """ "``NAME`` (20)" and "``NAME``, 10;": a setting with its default."""
    number = r"(\d+(?:\.\d+)?)"
    text = " ".join(text.split())
    return re.findall(rf"`([A-Z][A-Z0-9_]+)` \({number}\)", text) + re.findall(
        rf"`([A-Z][A-Z0-9_]+)`, {number}[,;]", text
    )


@pytest.mark.parametrize("document", documents(), ids=lambda d: d.name)
def test_every_default_a_document_gives_is_the_settings(document: Document):
    wrong = [
        (name, value)
        for name, value in given_defaults(document.prose())
        if name in defaults() and float(value) not in defaults()[name]
    ]
    assert not wrong, (
        f"{document.name} gives defaults the settings do not have: {wrong}"
    )


def test_the_readme_gives_defaults_in_its_prose():
    given = dict(given_defaults(Document.at("README.md").prose()))
    assert given["LOOKUP_GUESSES_PER_DAY"] == "20" and "ONE_TIME_CODE_MINUTES" in given


def test_kezek_up_reads_the_ports_the_readme_says_with_their_defaults():
    text = " ".join(Document.at("README.md").section("notification").prose().split())
    said = re.search(r"reads (.+?) \(default ([\d, ]+)\)", text)
    assert said, "the README no longer says which ports kezek up reads"
    names = re.findall(r"`([A-Z_]+)`", said.group(1))
    ports = [int(p) for p in said.group(2).split(", ")]
    assert dict(zip(names, ports, strict=True)) == {
        f"{s.upper()}_PORT": p for s, p in SERVICES.items()
    }
    moved = service_ports({name: str(9000 + i) for i, name in enumerate(names)})
    assert sorted(moved.values()) == [9000 + i for i in range(len(SERVICES))]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_the_compose_defaults_the_readme_gives_are_composes():
    text = " ".join(
        Document.at("README.md").section("Production (docker-compose)").prose().split()
    )
    given = re.findall(
        r"\(`([A-Z_]+)` / `([A-Z_]+)`, default `([^`]+)` / `([^`]+)`\)", text
    )
    assert given, "the README no longer gives compose's defaults"
    raw = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    for first, second, first_default, second_default in given:
        assert f"${{{first}:-{first_default}}}" in raw
        assert f"${{{second}:-{second_default}}}" in raw


def test_every_port_of_the_compose_table_is_published():
    rows = Document.at("README.md").section("Production (docker-compose)").table_rows()
    shown = {int(p) for row in rows[1:] for p in re.findall(r":(\d+)/", row[1])}
    published = {
        int(str(port).split(":")[0])
        for service in compose()["services"].values()
        for port in service.get("ports", [])
    }
    assert shown and shown <= published, sorted(shown - published)


def k8s_manifests() -> list[dict]:
    return [
        manifest
        for path in sorted((ROOT / "deploy/k8s").glob("*.yaml"))
        for manifest in yaml.safe_load_all(path.read_text(encoding="utf-8"))
        if manifest
    ]


def test_the_k8s_objects_the_notes_name_are_the_manifests():
    notes = Document.at("deploy/k8s/README.md")
    named = re.findall(
        r"`([\w-]+)` (ConfigMap|Secret)", " ".join(notes.prose().split())
    )
    made = {(m["metadata"]["name"], m["kind"]) for m in k8s_manifests()}
    assert named and set(named) <= made, set(named) - made


def test_the_probes_the_notes_name_ask_those_paths():
    notes = Document.at("deploy/k8s/README.md").section("Probes").prose()
    said = re.findall(r"^- (.+?) → `(/\w+)`", notes, re.M)
    probes = {
        p: path for names, path in said for p in re.findall(r"`(\w+Probe)`", names)
    }
    assert set(probes) == {"readinessProbe", "livenessProbe", "startupProbe"}
    deployments = [m for m in k8s_manifests() if m["kind"] == "Deployment"]
    for deployment in deployments:
        (container,) = deployment["spec"]["template"]["spec"]["containers"]
        for probe, path in probes.items():
            assert container[probe]["httpGet"]["path"] == path, (
                probe,
                deployment["metadata"]["name"],
            )
