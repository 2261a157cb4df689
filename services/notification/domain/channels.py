"""The one small interface every channel implements, and how it fails."""

from __future__ import annotations

from typing import Protocol

from services.notification.domain.model import Delivery


class DeliveryFailure(Exception):
    """``reason`` is short and carries no contact data (it is stored, listed
    and published)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class TransientFailure(DeliveryFailure):
    """Worth another try later: a timeout, a 5xx, an SMTP 4xx."""


class PermanentFailure(DeliveryFailure):
    """Trying again cannot help: an invalid number, a 4xx, an SMTP 5xx."""


class Channel(Protocol):
    name: str

    async def send(self, delivery: Delivery) -> None:
        """Hand the message to the provider, passing ``delivery.key`` as the
        idempotency key; raise a :class:`DeliveryFailure` if it was not
        accepted."""
