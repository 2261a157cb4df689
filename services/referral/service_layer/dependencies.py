"""Everything the handlers need, built once by the bootstrap."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from pymongo.asynchronous.client_session import AsyncClientSession

from services.referral.adapters.repository import ReferralRepository
from services.referral.domain.hospitalization_code import new_code
from services.referral.domain.rules import Validity
from shared.mongo_unit_of_work import MongoChange, MongoUnitOfWork
from shared.reference.registry import Registry


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _new_id() -> str:
    return uuid.uuid4().hex


@dataclass
class Dependencies:
    uow: MongoUnitOfWork[MongoChange]
    registry: Registry
    digest_key: bytes
    producer: str = "referral"
    validity: Validity = field(default_factory=Validity)
    idempotency_ttl: timedelta = timedelta(hours=48)
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Almaty"))
    clock: Callable[[], datetime] = _utc_now
    new_code: Callable[[str], str] = new_code
    new_id: Callable[[], str] = _new_id

    def now(self) -> datetime:
        """The current time to the millisecond, as Mongo keeps it, so an answer
        shows what a later read shows."""
        moment = self.clock()
        return moment.replace(microsecond=moment.microsecond // 1000 * 1000)

    def today(self) -> date:
        """The date in Kazakhstan, where the doctors and patients are."""
        return self.clock().astimezone(self.timezone).date()

    def repository(self, session: AsyncClientSession | None) -> ReferralRepository:
        return ReferralRepository(self.uow.db, session, self.digest_key)
