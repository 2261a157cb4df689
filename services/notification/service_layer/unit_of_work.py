"""The notification service's repositories, as ports: what one unit of work
may use. The Mongo adapters (adapters/mongo_*.py) and the memory ones
(adapters/memory_repositories.py) implement them; tests/contracts checks
both against the same promises."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from datetime import datetime, timedelta

from services.notification.domain.model import (
    Contact,
    Delivery,
    DeliveryRecord,
    Webhook,
)
from shared.unit_of_work import Change, UnitOfWork


class Contacts(ABC):
    """How to reach each referral's patient, and the newest queue version
    told of it."""

    @abstractmethod
    async def get(self, referral_id: str) -> Contact | None: ...

    @abstractmethod
    async def save(self, contact: Contact, now: datetime) -> bool:
        """Keep ``contact`` unless a newer version is already stored."""

    @abstractmethod
    async def queue_version(self, referral_id: str) -> int:
        """The newest queue version handled for the referral (0 if none)."""

    @abstractmethod
    async def advance_queue_version(self, referral_id: str, version: int) -> None:
        """Raise the stored queue version to ``version`` (never lower it);
        nothing for an unknown referral. The contact is written even when
        the version stays (a milestone, a reminder), so that two units of
        work telling of one referral at once conflict and one runs after the
        other: the later one sees, and supersedes, what the earlier one
        recorded."""

    @abstractmethod
    async def forget_addresses(self, referral_id: str) -> None:
        """Drop the phone and e-mail; the rest of the contact stays."""


class Webhooks(ABC):
    """Facilities' webhook registrations, by facility id."""

    @abstractmethod
    async def get(self, facility_id: str) -> Webhook | None: ...

    @abstractmethod
    async def put(self, webhook: Webhook) -> None:
        """Store the registration with its sealed secret; a plain secret of
        an earlier version goes."""

    @abstractmethod
    async def with_plain_secret(self) -> list[Webhook]:
        """Every registration still holding a plain secret."""

    @abstractmethod
    async def seal(self, facility_id: str, plain: str, sealed: str) -> bool:
        """Replace the plain secret by ``sealed``, unless it changed."""

    @abstractmethod
    async def delete(self, facility_id: str) -> bool:
        """Whether there was a registration to delete."""


class Deliveries(ABC):
    """One record per (event, channel, recipient), by delivery key. Claims
    lease a delivery to one sender; an outcome counts only from the sender
    that still holds the lease. A later change of the referral supersedes
    the messages that still wait (see :meth:`supersede`)."""

    @abstractmethod
    async def add(self, deliveries: Iterable[Delivery]) -> None:
        """Record each delivery unless its key exists (idempotent)."""

    @abstractmethod
    async def claim(
        self,
        now: datetime,
        lease: timedelta,
        skip_channels: Iterable[str] = (),
        quiet_channels: Iterable[str] = (),
    ) -> Delivery | None:
        """The most overdue delivery that is due (or whose sender's lease
        expired), leased to the caller with its attempt counted. Deliveries
        on ``quiet_channels`` wait unless they are sent at any hour."""

    @abstractmethod
    async def mark_sent(self, delivery: Delivery, now: datetime) -> bool:
        """Sent: final, so the body and the full address are dropped."""

    @abstractmethod
    async def retry_later(
        self, delivery: Delivery, when: datetime, error: str, now: datetime
    ) -> bool:
        """Pending again from ``when``, with the error recorded; not if a
        later change superseded it while it was being sent."""

    @abstractmethod
    async def supersede(
        self, referral_id: str, channel: str, by: str, now: datetime
    ) -> list[Delivery]:
        """Let delivery ``by`` replace the referral's earlier messages on
        ``channel`` that tell of a change (``state`` set) and are not yet
        final. Those still pending become ``superseded`` (final: body and
        full address dropped) and are returned as they were, oldest first;
        one being sent is only marked (``superseded_by``), so that it is
        neither retried nor sent again after ``by``."""

    @abstractmethod
    async def set_aside(
        self, delivery: Delivery, status: str, error: str | None, now: datetime
    ) -> bool:
        """Final without being sent (``superseded`` or ``outdated``), if the
        caller still holds the lease (``superseded`` only if marked so):
        the body and the full address are dropped."""

    @abstractmethod
    async def mark_failed(self, delivery: Delivery, error: str, now: datetime) -> bool:
        """Failed: final, so the body and the full address are dropped."""

    @abstractmethod
    async def get(self, key: str) -> Delivery | None: ...

    @abstractmethod
    async def for_referral(
        self, referral_id: str, limit: int = 500
    ) -> list[DeliveryRecord]:
        """The referral's deliveries, oldest first, without bodies."""


class NotificationChange(Change):
    """What one unit of work of the notification service may use."""

    def __init__(
        self, contacts: Contacts, webhooks: Webhooks, deliveries: Deliveries
    ) -> None:
        super().__init__()
        self.contacts = contacts
        self.webhooks = webhooks
        self.deliveries = deliveries


NotificationUnitOfWork = UnitOfWork[NotificationChange]
