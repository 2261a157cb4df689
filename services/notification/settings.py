"""Settings of the notification service (see the README's configuration table).

A channel whose address is empty (``SMS_GATEWAY_URL``, ``SMTP_HOST``) is off:
nothing is recorded for it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from services.notification.domain.schedule import QuietHours
from shared.settings import DEV_WEBHOOK_SECRET_KEY, ServiceSettings, SettingsError

DEFAULT_SMS_PAYLOAD = '{"to": "{to}", "text": "{text}", "sender": "{sender}"}'
__all__ = ["DEV_WEBHOOK_SECRET_KEY", "NotificationSettings"]


@dataclass(frozen=True)
class NotificationSettings(ServiceSettings):
    service_name: str = "notification"
    http_port: int = 8083
    sender_name: str = "Kezek"
    sms_gateway_url: str = ""
    sms_gateway_username: str = ""
    sms_gateway_password: str = ""
    sms_gateway_token: str = ""
    sms_payload_template: str = DEFAULT_SMS_PAYLOAD
    sms_timeout_s: float = 10.0
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_tls: bool = False
    smtp_starttls: bool = False
    smtp_timeout_s: float = 10.0
    mail_from: str = "Kezek <no-reply@kezek.local>"
    webhook_timeout_s: float = 10.0
    webhook_allow_local: bool = False
    webhook_secret_key: str = DEV_WEBHOOK_SECRET_KEY
    delivery_max_attempts: int = 6
    delivery_backoff_base_s: float = 5.0
    delivery_backoff_max_s: float = 900.0
    delivery_lease_s: float = 60.0
    dispatch_interval_s: float = 1.0
    dispatch_concurrency: int = 8
    quiet_hours: str = "22:00-08:00"
    quiet_hours_tz: str = "Asia/Almaty"

    def keys(self) -> dict[str, str]:
        return {**super().keys(), "WEBHOOK_SECRET_KEY": self.webhook_secret_key}

    def validate(self) -> None:
        super().validate()
        self.quiet_hours_window()
        try:
            template = json.loads(self.sms_payload_template)
        except json.JSONDecodeError as exc:
            raise SettingsError(f"SMS_PAYLOAD_TEMPLATE is not JSON: {exc}") from exc
        if not isinstance(template, dict):
            raise SettingsError("SMS_PAYLOAD_TEMPLATE must be a JSON object")
        if self.delivery_max_attempts < 1:
            raise SettingsError("DELIVERY_MAX_ATTEMPTS must be at least 1")
        if self.dispatch_concurrency < 1:
            raise SettingsError("DISPATCH_CONCURRENCY must be at least 1")
        if self.webhook_allow_local and not self.in_development:
            raise SettingsError(
                "WEBHOOK_ALLOW_LOCAL lets webhooks reach this network: only with "
                "KEZEK_ENV=development"
            )

    def quiet_hours_window(self) -> QuietHours:
        try:
            zone = ZoneInfo(self.quiet_hours_tz)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise SettingsError(
                f"QUIET_HOURS_TZ {self.quiet_hours_tz!r} is not a known time zone"
            ) from exc
        try:
            return QuietHours.parse(self.quiet_hours, zone)
        except ValueError as exc:
            raise SettingsError(f"QUIET_HOURS: {exc}") from exc
