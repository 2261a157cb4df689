"""What the notification service is asked to do (events it hears of are
handled by event type, see service_layer/handlers.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RegisterWebhook:
    """Register or replace a facility's webhook URL; a new signing secret
    on first registration or when ``rotate_secret``."""

    facility_id: str
    url: str
    rotate_secret: bool = False


@dataclass(frozen=True)
class RemoveWebhook:
    facility_id: str
