"""What the notification service's handlers are given: the unit of work and
everything else they need, each behind a small interface."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from services.notification.domain.schedule import QuietHours
from services.notification.domain.texts import Catalogue
from services.notification.service_layer.unit_of_work import NotificationUnitOfWork
from shared.clock import Clock


class SecretSealer(Protocol):
    """Seals a facility's signing secret for storage, and opens it."""

    def seal(self, facility_id: str, secret: str) -> str: ...

    def open(self, facility_id: str, sealed: str) -> str: ...


class AddressCheck(Protocol):
    async def check(self, url: str) -> None:
        """Raise ``RefusedAddress`` unless the URL's host resolves to
        addresses a webhook may go to."""


@dataclass
class Dependencies:
    uow: NotificationUnitOfWork
    catalogue: Catalogue
    clock: Clock
    quiet_hours: QuietHours
    channels: frozenset[str]
    """The enabled channels: nothing is recorded for another."""
    status_page_url: str
    sender: str
    secret_box: SecretSealer
    webhook_addresses: AddressCheck
    wake_dispatcher: Callable[[], None] = lambda: None
