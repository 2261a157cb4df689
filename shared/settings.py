"""One frozen settings object per service, read from the environment once.

Every name here is documented in the README's configuration table and used
unchanged by docker-compose.yml.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Self

DEV_IIN_DIGEST_KEY = "kezek-dev-iin-digest-key-not-for-production-0001"
DEV_WEBHOOK_SECRET_KEY = "kezek-dev-webhook-secret-key-not-for-production-01"
DEV_CONSOLE_SESSION_KEY = "kezek-dev-console-session-key-not-for-production-1"
K8S_PLACEHOLDER_KEY = "CHANGE-ME-to-a-random-string-of-32-or-more-characters"
PUBLISHED_KEYS = frozenset(
    {
        DEV_IIN_DIGEST_KEY,
        DEV_WEBHOOK_SECRET_KEY,
        DEV_CONSOLE_SESSION_KEY,
        K8S_PLACEHOLDER_KEY,
    }
)
"""Keys anyone can read in this repository (the code's development defaults,
docker-compose's defaults, the Kubernetes placeholders): accepted only with
``KEZEK_ENV=development``."""
DEVELOPMENT = "development"
DEV_ISSUER_URL = "http://127.0.0.1:8090"
"""The development issuer's address (``kezek up`` runs it, only in
development): the default ``OIDC_ISSUER``."""
ENVIRONMENTS = ("production", DEVELOPMENT)


class SettingsError(ValueError):
    """A setting in the environment has a value that cannot be used."""


def _as_int(name: str, raw: str) -> int:
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from exc


def _as_float(name: str, raw: str) -> float:
    try:
        return float(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from exc


def _as_int_tuple(name: str, raw: str) -> tuple[int, ...]:
    return tuple(_as_int(name, part) for part in raw.split(",") if part.strip())


def _as_bool(name: str, raw: str) -> bool:
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise SettingsError(f"{name} must be true or false, got {raw!r}")


def _convert(name: str, kind: Any, raw: str) -> Any:
    converters = {
        "int": _as_int,
        "float": _as_float,
        "bool": _as_bool,
        "tuple[int, ...]": _as_int_tuple,
    }
    converter = converters.get(str(kind))
    return converter(name, raw) if converter else raw


def command_line_env() -> dict[str, str]:
    """The environment as the ``kezek`` command's tools read it: they run on
    a developer's machine unless ``KEZEK_ENV`` says otherwise (the services
    themselves treat an unset ``KEZEK_ENV`` as production)."""
    return {"KEZEK_ENV": DEVELOPMENT, **os.environ}


ACCESS_LOG_POLICIES = ("all", "problems", "off")


@dataclass(frozen=True)
class ServiceSettings:
    """Settings every service shares. Environment names are the upper-cased
    field names (``mongo_url`` is ``MONGO_URL``)."""

    service_name: str = "kezek"
    http_host: str = "127.0.0.1"
    http_port: int = 8080
    mongo_url: str = "mongodb://127.0.0.1:27017/?directConnection=true"
    mongo_db: str = ""
    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/"
    kezek_namespace: str = "kezek"
    log_level: str = "INFO"
    access_log: str = "problems"
    slow_request_ms: int = 500
    kezek_env: str = "production"
    jwt_max_lifetime_hours: float = 12.0
    oidc_issuer: str = DEV_ISSUER_URL
    oidc_discovery_url: str = ""
    oidc_audience: str = "kezek"
    oidc_role_claim: str = "role"
    oidc_facility_claim: str = "facility"
    jwks_cache_s: float = 300.0
    dev_issuer_home: str = ".kezek/dev-issuer"
    publish_timeout_s: float = 5.0
    store_timeout_s: float = 10.0
    retry_delays_ms: tuple[int, ...] = (1000, 5000, 30000)
    max_attempts: int = 5
    outbox_sweep_s: float = 2.0
    message_retention_days: float = 7.0
    prefetch: int = 32
    max_body_bytes: int = 64 * 1024
    status_page_url: str = "http://127.0.0.1:8082/"
    registry_file: str = ""
    extra: Mapping[str, str] = field(default_factory=dict, compare=False)

    @property
    def database_name(self) -> str:
        return self.mongo_db or f"kezek_{self.service_name}"

    @property
    def discovery_url(self) -> str:
        """Where the identity provider's discovery document is read."""
        default = self.oidc_issuer.rstrip("/") + "/.well-known/openid-configuration"
        return self.oidc_discovery_url or default

    @property
    def in_development(self) -> bool:
        return self.kezek_env == DEVELOPMENT

    def keys(self) -> dict[str, str]:
        """The settings that hold keys, by variable name (services add
        theirs)."""
        return {}

    def published_keys_in_use(self) -> list[str]:
        """The variables whose key is one anyone can read in this repository."""
        return sorted(
            name for name, key in self.keys().items() if key in PUBLISHED_KEYS
        )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **defaults: Any) -> Self:
        """Build settings from ``env`` (default: ``os.environ``); keyword
        arguments are the service's own defaults, overridden by the env."""
        env = os.environ if env is None else env
        values: dict[str, Any] = dict(defaults)
        for spec in fields(cls):
            if spec.name == "extra":
                continue
            raw = env.get(spec.name.upper())
            if raw is not None:
                values[spec.name] = _convert(spec.name.upper(), spec.type, raw)
        settings = cls(**values)
        settings.validate()
        return settings

    def validate(self) -> None:
        if not self.retry_delays_ms:
            raise SettingsError("RETRY_DELAYS_MS needs at least one delay")
        if self.store_timeout_s <= 0:
            raise SettingsError("STORE_TIMEOUT_S must be more than 0")
        if self.max_attempts < 1:
            raise SettingsError("MAX_ATTEMPTS must be at least 1")
        if self.access_log not in ACCESS_LOG_POLICIES:
            raise SettingsError(
                f"ACCESS_LOG must be one of {', '.join(ACCESS_LOG_POLICIES)}"
            )
        if self.kezek_env not in ENVIRONMENTS:
            raise SettingsError(f"KEZEK_ENV must be one of {', '.join(ENVIRONMENTS)}")
        for name, key in self.keys().items():
            if len(key) < 32:
                raise SettingsError(f"{name} must be at least 32 characters")
        published = self.published_keys_in_use()
        if published and not self.in_development:
            raise SettingsError(
                f"{', '.join(published)}: a published development key; set a "
                "secret of your own (or KEZEK_ENV=development on a developer's "
                "machine)"
            )
        if self.message_retention_days <= 0:
            raise SettingsError("MESSAGE_RETENTION_DAYS must be above 0")
        if not self.in_development and not self.oidc_issuer.startswith("https://"):
            raise SettingsError(
                "OIDC_ISSUER must be your identity provider's https:// address "
                "(the development issuer is for KEZEK_ENV=development only)"
            )
        if not 0 < self.jwt_max_lifetime_hours <= 24 * 7:
            raise SettingsError("JWT_MAX_LIFETIME_HOURS must be above 0, at most 168")
