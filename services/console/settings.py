"""Settings of the console (see the README's configuration table)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from shared.settings import DEV_CONSOLE_SESSION_KEY, ServiceSettings, SettingsError


@dataclass(frozen=True)
class ConsoleSettings(ServiceSettings):
    service_name: str = "console"
    http_port: int = 8084
    referral_url: str = "http://127.0.0.1:8081"
    queue_url: str = "http://127.0.0.1:8082"
    notification_url: str = "http://127.0.0.1:8083"
    console_public_url: str = "http://127.0.0.1:8084"
    oidc_client_id: str = "kezek-console"
    console_session_key: str = DEV_CONSOLE_SESSION_KEY
    console_session_idle_min: int = 30
    cookie_secure: bool = True
    api_timeout_s: float = 10.0
    local_timezone: str = "Asia/Almaty"

    def keys(self) -> dict[str, str]:
        return {**super().keys(), "CONSOLE_SESSION_KEY": self.console_session_key}

    @property
    def callback_url(self) -> str:
        return self.console_public_url.rstrip("/") + "/auth/callback"

    @property
    def issuer_origin(self) -> str:
        """Where the sign-in form posts (the CSP's ``form-action`` allows it)."""
        parts = urlsplit(self.oidc_issuer)
        return f"{parts.scheme}://{parts.netloc}"

    def validate(self) -> None:
        super().validate()
        for name in ("REFERRAL_URL", "QUEUE_URL", "NOTIFICATION_URL"):
            address = urlsplit(getattr(self, name.lower()))
            if address.scheme not in ("http", "https") or not address.netloc:
                raise SettingsError(f"{name} must be an http(s) address")
        if self.console_session_idle_min < 1:
            raise SettingsError("CONSOLE_SESSION_IDLE_MIN must be at least 1")
        if not self.oidc_client_id:
            raise SettingsError("OIDC_CLIENT_ID must not be empty")
        try:
            ZoneInfo(self.local_timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise SettingsError(f"LOCAL_TIMEZONE {self.local_timezone!r}") from exc
