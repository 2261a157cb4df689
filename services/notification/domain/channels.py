"""The one small interface every channel implements, and how it fails."""

from __future__ import annotations

from typing import Protocol

from services.notification.domain.model import Delivery

TIMEOUT, UNREACHABLE = "timeout", "unreachable"


def http_failure(status: int) -> str:
    return f"HTTP {status}"


class DeliveryFailure(Exception):
    """``reason`` is short and carries no contact data and no network detail
    (it is stored, listed and published): for a call over the network only
    ``timeout``, ``unreachable`` or ``HTTP <status>``. ``detail`` (an
    exception's class name at most) is only logged."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


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
