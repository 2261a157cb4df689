"""Settings of the referral service (see the README's configuration table)."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from shared.settings import DEV_IIN_DIGEST_KEY, ServiceSettings, SettingsError


@dataclass(frozen=True)
class ReferralSettings(ServiceSettings):
    service_name: str = "referral"
    http_port: int = 8081
    iin_digest_key: str = DEV_IIN_DIGEST_KEY
    referral_validity_days: int = 90
    planned_date_grace_days: int = 30
    idempotency_ttl_hours: int = 48
    local_timezone: str = "Asia/Almaty"

    def keys(self) -> dict[str, str]:
        return {**super().keys(), "IIN_DIGEST_KEY": self.iin_digest_key}

    def validate(self) -> None:
        super().validate()
        if self.referral_validity_days < 1 or self.planned_date_grace_days < 0:
            raise SettingsError("REFERRAL_VALIDITY_DAYS must be at least 1")
        if self.idempotency_ttl_hours < 1:
            raise SettingsError("IDEMPOTENCY_TTL_HOURS must be at least 1")
        try:
            ZoneInfo(self.local_timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise SettingsError(f"LOCAL_TIMEZONE {self.local_timezone!r}") from exc
