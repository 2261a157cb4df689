"""The deployment files stay honest: docker-compose.yml is valid and every
environment name given to a service is one of its settings."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from services.console.settings import ConsoleSettings
from services.notification.settings import NotificationSettings
from services.queue.settings import QueueSettings
from services.referral.settings import ReferralSettings
from shared.settings import ServiceSettings, SettingsError
from tests.unit.platform.compose_file import compose, default_of

ROOT = Path(__file__).resolve().parents[3]
STORES = ("mongo", "rabbitmq")
"""What a service with data waits for; the console has none, and waits for
the three services instead."""
SETTINGS: dict[str, type[ServiceSettings]] = {
    "referral": ReferralSettings,
    "queue": QueueSettings,
    "notification": NotificationSettings,
    "console": ConsoleSettings,
}


def setting_names(cls: type[ServiceSettings]) -> set[str]:
    return {f.name.upper() for f in dataclasses.fields(cls) if f.name != "extra"}


def k8s_documents() -> list[dict[str, Any]]:
    documents = []
    for path in sorted((ROOT / "deploy" / "k8s").glob("*.yaml")):
        documents += [d for d in yaml.safe_load_all(path.read_text()) if d]
    return documents


def test_docker_compose_accepts_the_file():
    if shutil.which("docker-compose") is None:
        pytest.skip("docker-compose is not installed (apt-get install docker-compose)")
    result = subprocess.run(
        ["docker-compose", "-f", "docker-compose.yml", "config", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_compose_gives_each_service_only_its_own_settings(name):
    service = compose()["services"][name]
    unknown = set(service["environment"]) - setting_names(SETTINGS[name])
    assert not unknown, f"{name}: not settings fields: {sorted(unknown)}"


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_compose_runs_each_service_from_the_one_image_with_a_readiness_check(name):
    services = compose()["services"]
    service = services[name]
    assert service["command"] == ["python", "-m", f"services.{name}"]
    assert service["build"]["dockerfile"] == "deploy/Dockerfile"
    assert service["image"] == "kezek:latest"
    port = service["environment"]["HTTP_PORT"]
    check = " ".join(service["healthcheck"]["test"])
    assert f"127.0.0.1:{port}/readyz" in check
    assert f"{port}:{port}" in service["ports"]
    needs = ("referral", "queue", "notification") if name == "console" else STORES
    for needed in (*needs, "keycloak"):
        assert service["depends_on"][needed]["condition"] == "service_healthy"


def test_compose_mongo_is_a_replica_set_and_rabbitmq_has_its_ui():
    services = compose()["services"]
    assert "--replSet" in services["mongo"]["command"]
    assert "replicaSet=rs0" in services["referral"]["environment"]["MONGO_URL"]
    script = (ROOT / "deploy" / "mongo" / "replica-set.js").read_text()
    assert "rs.initiate" in script and "mongo:27017" in script
    assert services["rabbitmq"]["image"].endswith("-management")
    assert services["rabbitmq"]["image"] >= "rabbitmq:3.10"
    assert "15672:15672" in services["rabbitmq"]["ports"]
    notification = services["notification"]["environment"]
    assert notification["SMTP_HOST"] == "mailpit"
    assert services["mailpit"]["image"].startswith("axllent/mailpit")


def test_k8s_deployments_use_only_settings_names_and_probe_health():
    documents = k8s_documents()
    config_maps = {
        d["metadata"]["name"]: set(d.get("data") or d.get("stringData") or {})
        for d in documents
        if d["kind"] in ("ConfigMap", "Secret")
    }
    deployments = [d for d in documents if d["kind"] == "Deployment"]
    assert {d["metadata"]["name"] for d in deployments} == {
        f"kezek-{name}" for name in SETTINGS
    }
    for deployment in deployments:
        (container,) = deployment["spec"]["template"]["spec"]["containers"]
        name = container["command"][-1].removeprefix("services.")
        names = {e["name"] for e in container.get("env", [])}
        for source in container.get("envFrom", []):
            names |= config_maps[source["configMapRef"]["name"]]
        for variable in container.get("env", []):
            secret = variable.get("valueFrom", {}).get("secretKeyRef")
            if secret:
                assert secret["key"] in config_maps[secret["name"]]
        unknown = names - setting_names(SETTINGS[name])
        assert not unknown, f"{name}: not settings fields: {sorted(unknown)}"
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"


def test_the_image_is_python_311_slim_non_root_installing_the_project():
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim\b", dockerfile, re.M)
    assert re.search(r"^RUN pip install \.", dockerfile, re.M)
    user = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert user and user[-1] not in ("root", "0")


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_compose_defaults_to_development_and_its_keys_stop_production(name):
    environment = compose()["services"][name]["environment"]
    defaults = {k: default_of(v) for k, v in environment.items()}
    assert defaults["KEZEK_ENV"] == "development"
    assert SETTINGS[name].from_env(defaults).in_development
    published = SETTINGS[name].from_env(defaults).published_keys_in_use()
    assert published
    with pytest.raises(
        SettingsError, match=f"{published[0]}.*published development key"
    ):
        SETTINGS[name].from_env({**defaults, "KEZEK_ENV": "production"})


def test_k8s_runs_production_and_its_placeholder_keys_stop_a_service():
    documents = {d["metadata"]["name"]: d for d in k8s_documents()}
    settings = documents["kezek-settings"]["data"]
    secrets = documents["kezek-secrets"]["stringData"]
    assert settings["KEZEK_ENV"] == "production"
    assert settings["OIDC_ISSUER"].startswith("https://")
    with pytest.raises(SettingsError, match="IIN_DIGEST_KEY: a published"):
        QueueSettings.from_env({**settings, **secrets})
