"""Everything the handlers need, built once by the bootstrap."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from services.referral.domain.rules import Validity
from services.referral.service_layer.unit_of_work import ReferralChange
from shared.clock import Clock, to_ms_precision, utc_now
from shared.hospitalization_code import new_code
from shared.reference.registry import Registry
from shared.unit_of_work import UnitOfWork


def _new_id() -> str:
    return uuid.uuid4().hex


@dataclass
class Dependencies:
    uow: UnitOfWork[ReferralChange]
    registry: Registry
    digest_key: bytes
    producer: str = "referral"
    validity: Validity = field(default_factory=Validity)
    idempotency_ttl: timedelta = timedelta(hours=48)
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Almaty"))
    clock: Clock = utc_now
    new_code: Callable[[str], str] = new_code
    new_id: Callable[[], str] = _new_id

    def now(self) -> datetime:
        """The current time to the millisecond, as the store keeps it."""
        return to_ms_precision(self.clock())

    def today(self) -> date:
        """The date in Kazakhstan, where the doctors and patients are."""
        return self.clock().astimezone(self.timezone).date()
