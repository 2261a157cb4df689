"""What the service knows about a patient's contact and each delivery."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from services.notification.domain.notices import Notice

SMS, EMAIL, WEBHOOK = "sms", "email", "webhook"
CHANNELS = (SMS, EMAIL, WEBHOOK)
PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
SUPERSEDED, OUTDATED = "superseded", "outdated"
"""Final, never sent: a later change of the referral replaced it on its
channel (``superseded_by`` names the delivery that did), or its dates had
passed when it could have gone (``last_error`` is ``date_passed``)."""
DATE_PASSED = "date_passed"
DELIVERY_STATUSES = (PENDING, SENDING, SENT, FAILED, SUPERSEDED, OUTDATED)


@dataclass(frozen=True)
class Contact:
    """How to reach the patient of one referral. Without consent the phone
    and e-mail are not kept at all."""

    referral_id: str
    hospitalization_code: str
    referring_facility_id: str
    language: str
    consent: bool
    phone: str | None = None
    email: str | None = None
    version: int = 0

    def patient_addresses(self) -> list[tuple[str, str]]:
        if not self.consent:
            return []
        found = [(SMS, self.phone), (EMAIL, self.email)]
        return [(channel, address) for channel, address in found if address]


@dataclass(frozen=True)
class Delivery:
    """One message on one channel to one recipient for one source event."""

    key: str
    referral_id: str
    source_event_id: str
    event_type: str
    channel: str
    recipient: str
    language: str
    content: dict[str, Any]
    created_at: datetime
    next_attempt_at: datetime
    status: str = PENDING
    attempts: int = 0
    last_error: str | None = None
    sent_at: datetime | None = None
    any_hour: bool = False
    """An SMS that quiet hours do not hold back (a one-time code)."""
    state: str | None = None
    """The entry's status the message tells of. A later change of the
    referral supersedes it while it waits; a message that tells of no change
    (a lookup's one-time code or warning, a webhook) has none and is never
    superseded."""
    stale_at: datetime | None = None
    """From this moment it is not sent: its dates have passed."""
    deadlines: tuple[Notice, ...] = ()
    """The dated notices it says (its own, or one carried over from a message
    it superseded), kept while it waits so that a later change can carry
    them on."""
    superseded_by: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def recipient_masked(self) -> str:
        return mask_recipient(self.channel, self.recipient)


@dataclass(frozen=True)
class DeliveryRecord:
    """What a listing shows of a delivery: no message body, the recipient
    masked."""

    delivery_id: str
    event_type: str
    channel: str
    recipient: str
    language: str
    status: str
    attempts: int
    created_at: datetime
    updated_at: datetime
    next_attempt_at: datetime | None = None
    sent_at: datetime | None = None
    last_error: str | None = None
    superseded_by: str | None = None


@dataclass(frozen=True)
class Webhook:
    """A facility's webhook registration. Its signing secret is kept only
    sealed; ``plain_secret`` is a secret as versions before sealing stored
    it (sealed at start, or by the next registration that keeps it)."""

    facility_id: str
    url: str
    created_at: datetime
    updated_at: datetime
    sealed_secret: str | None = None
    plain_secret: str | None = None


def delivery_key(source_event_id: str, channel: str, recipient: str) -> str:
    """The unique key of a delivery; also the idempotency key given to the
    provider. A hash, so it carries no contact data."""
    raw = f"{source_event_id}\x1f{channel}\x1f{recipient}".encode()
    return hashlib.sha256(raw).hexdigest()[:32]


def mask_recipient(channel: str, recipient: str) -> str:
    if channel == SMS:
        digits = [c for c in recipient if c.isdigit()]
        return "+" + "*" * max(len(digits) - 2, 0) + "".join(digits[-2:])
    if channel == EMAIL:
        local, _, domain = recipient.partition("@")
        tld = domain.rsplit(".", 1)[-1] if "." in domain else ""
        return f"{local[:1]}***@***.{tld}"
    return recipient
