"""Settings of the queue service (see the README's configuration table)."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from services.queue.domain.movement import MAX_RECENT
from shared.settings import DEV_IIN_DIGEST_KEY, ServiceSettings, SettingsError


@dataclass(frozen=True)
class QueueSettings(ServiceSettings):
    service_name: str = "queue"
    http_port: int = 8082
    timezone: str = "Asia/Almaty"
    iin_digest_key: str = DEV_IIN_DIGEST_KEY
    milestones: tuple[int, ...] = (10, 3, 1)
    expiry_warning_days: int = 7
    reinstate_days: int = 30
    expiry_interval_s: float = 3600.0
    lookup_retention_days: int = 180
    index_wait_s: float = 10.0
    movement_history: int = 32
    estimate_window_days: int = 28
    estimate_min_admissions: int = 10
    lookup_ip_per_minute: float = 30.0
    lookup_ip_burst: int = 20
    lookup_code_per_hour: float = 20.0
    lookup_code_burst: int = 10
    rate_limit_keys: int = 200_000
    log_page_max: int = 1000

    def keys(self) -> dict[str, str]:
        return {**super().keys(), "IIN_DIGEST_KEY": self.iin_digest_key}

    def validate(self) -> None:
        super().validate()
        if not self.milestones or min(self.milestones) < 1:
            raise SettingsError("MILESTONES must be positions of 1 or more")
        if not 1 <= self.movement_history <= MAX_RECENT:
            raise SettingsError(f"MOVEMENT_HISTORY must be 1 to {MAX_RECENT}")
        if self.lookup_retention_days < self.estimate_window_days:
            raise SettingsError("LOOKUP_RETENTION_DAYS must cover ESTIMATE_WINDOW_DAYS")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise SettingsError(f"TIMEZONE {self.timezone!r} is unknown") from exc

    @property
    def digest_key(self) -> bytes:
        return self.iin_digest_key.encode()
