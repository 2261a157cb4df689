"""Settings of the queue service (see the README's configuration table)."""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network, ip_network
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from services.queue.waiting_list.domain.movement import MAX_RECENT
from shared.reference.registry import registry_for
from shared.settings import DEV_IIN_DIGEST_KEY, ServiceSettings, SettingsError

RATE_LIMIT_STORES = ("memory", "mongo")
Network = IPv4Network | IPv6Network


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
    lookup_guesses_per_day: int = 20
    one_time_code_minutes: int = 10
    one_time_code_attempts: int = 5
    rate_limit_keys: int = 200_000
    rate_limit_store: str = "memory"
    trusted_proxies: str = ""
    log_page_max: int = 1000
    max_wait_days: str = ""
    wait_guarantee_interval_s: float = 3600.0

    def keys(self) -> dict[str, str]:
        return {**super().keys(), "IIN_DIGEST_KEY": self.iin_digest_key}

    def validate(self) -> None:
        super().validate()
        if not self.milestones or min(self.milestones) < 1:
            raise SettingsError("MILESTONES must be positions of 1 or more")
        if not 1 <= self.movement_history <= MAX_RECENT:
            raise SettingsError(f"MOVEMENT_HISTORY must be 1 to {MAX_RECENT}")
        if self.estimate_min_admissions < 1:
            raise SettingsError("ESTIMATE_MIN_ADMISSIONS must be at least 1")
        if self.lookup_retention_days < self.estimate_window_days:
            raise SettingsError("LOOKUP_RETENTION_DAYS must cover ESTIMATE_WINDOW_DAYS")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise SettingsError(f"TIMEZONE {self.timezone!r} is unknown") from exc
        self._validate_lookup_limits()
        self.max_waits  # noqa: B018 - raises on a bad entry

    def _validate_lookup_limits(self) -> None:
        if self.lookup_guesses_per_day < 1:
            raise SettingsError("LOOKUP_GUESSES_PER_DAY must be at least 1")
        if not 2 <= self.one_time_code_minutes <= 60:
            raise SettingsError("ONE_TIME_CODE_MINUTES must be 2 to 60")
        if self.one_time_code_attempts < 1:
            raise SettingsError("ONE_TIME_CODE_ATTEMPTS must be at least 1")
        if self.rate_limit_store not in RATE_LIMIT_STORES:
            raise SettingsError(
                f"RATE_LIMIT_STORE must be one of {', '.join(RATE_LIMIT_STORES)}"
            )
        self.trusted_networks  # noqa: B018 - raises on a bad entry

    @property
    def trusted_networks(self) -> tuple[Network, ...]:
        """TRUSTED_PROXIES as networks (an address alone is a /32 or /128)."""
        found = []
        for part in self.trusted_proxies.split(","):
            if not part.strip():
                continue
            try:
                found.append(ip_network(part.strip(), strict=False))
            except ValueError as exc:
                raise SettingsError(
                    f"TRUSTED_PROXIES: {part.strip()!r} is not an address or network"
                ) from exc
        return tuple(found)

    @property
    def max_waits(self) -> dict[str, int]:
        """MAX_WAIT_DAYS as days by bed profile (``psychiatry=90,narcology=60``):
        profiles of the registry, whole days of 1 or more; empty: no
        guarantee."""
        known = registry_for(self.registry_file).bed_profiles
        found: dict[str, int] = {}
        for part in self.max_wait_days.split(","):
            if not part.strip():
                continue
            profile, _, days = (text.strip() for text in part.partition("="))
            if profile not in known:
                raise SettingsError(
                    f"MAX_WAIT_DAYS: {profile!r} is not a bed profile of the "
                    f"registry ({', '.join(known)})"
                )
            if profile in found:
                raise SettingsError(f"MAX_WAIT_DAYS: {profile!r} is given twice")
            if not days.isdigit() or int(days) < 1:
                raise SettingsError(
                    f"MAX_WAIT_DAYS: {profile}={days!r}: the days must be a "
                    "whole number of 1 or more"
                )
            found[profile] = int(days)
        return found

    @property
    def digest_key(self) -> bytes:
        return self.iin_digest_key.encode()
