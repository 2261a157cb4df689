"""One frozen settings object per service, read from the environment once.

Every name here is documented in the README's configuration table and used
unchanged by docker-compose.yml.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Self

DEV_JWT_SECRET = "kezek-dev-signing-key-not-for-production-use-0001"


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
    jwt_secret: str = DEV_JWT_SECRET
    jwt_issuer: str = "kezek-dev"
    jwt_audience: str = "kezek"
    publish_timeout_s: float = 5.0
    store_timeout_s: float = 10.0
    retry_delays_ms: tuple[int, ...] = (1000, 5000, 30000)
    max_attempts: int = 5
    outbox_sweep_s: float = 2.0
    prefetch: int = 32
    max_body_bytes: int = 64 * 1024
    status_page_url: str = "http://127.0.0.1:8082/"
    extra: Mapping[str, str] = field(default_factory=dict, compare=False)

    @property
    def database_name(self) -> str:
        return self.mongo_db or f"kezek_{self.service_name}"

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
        if len(self.jwt_secret) < 32:
            raise SettingsError("JWT_SECRET must be at least 32 characters")
