"""Which deliveries an event leads to: one per channel and recipient."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from services.notification.domain.model import (
    EMAIL,
    SMS,
    WEBHOOK,
    Contact,
    Delivery,
    delivery_key,
)
from services.notification.domain.schedule import QuietHours
from services.notification.domain.superseding import Said
from services.notification.domain.texts import PatientMessage


def patient_delivery(
    source_event_id: str,
    event_type: str,
    contact: Contact,
    recipient: tuple[str, str],
    message: PatientMessage,
    said: Said,
    *,
    now: datetime,
    quiet_hours: QuietHours,
) -> Delivery:
    """The delivery of ``message`` on one (channel, address) of the patient;
    an SMS that would land in quiet hours waits for the morning, unless its
    notice is sent at any hour. It is not sent once what it says is past."""
    channel, address = recipient
    held = channel == SMS and not said.notice.any_hour
    return Delivery(
        key=delivery_key(source_event_id, channel, address),
        referral_id=contact.referral_id,
        source_event_id=source_event_id,
        event_type=event_type,
        channel=channel,
        recipient=address,
        language=contact.language,
        content=_content(channel, message),
        created_at=now,
        next_attempt_at=quiet_hours.next_allowed(now) if held else now,
        any_hour=said.notice.any_hour,
        state=said.state,
        stale_at=said.stale_at(quiet_hours.zone),
        deadlines=said.deadlines,
    )


def _content(channel: str, message: PatientMessage) -> dict[str, Any]:
    if channel == SMS:
        return {
            "text": message.sms.text,
            "encoding": message.sms.length.encoding,
            "segments": message.sms.length.segments,
        }
    return {"subject": message.subject, "text": message.text, "html": message.html}


def facility_delivery(
    source_event_id: str,
    event_type: str,
    facility_id: str,
    payload: dict[str, Any],
    *,
    now: datetime,
) -> Delivery:
    key = delivery_key(source_event_id, WEBHOOK, facility_id)
    return Delivery(
        key=key,
        referral_id=payload["referral_id"],
        source_event_id=source_event_id,
        event_type=event_type,
        channel=WEBHOOK,
        recipient=facility_id,
        language="",
        content={"payload": {"id": key, **payload}},
        created_at=now,
        next_attempt_at=now,
    )


def patient_texts(delivery: Delivery) -> list[str]:
    """What a patient reads of a delivery: the SMS, or the e-mail's subject,
    text and HTML (a webhook goes to a facility, not a patient)."""
    if delivery.channel == SMS:
        return [delivery.content["text"]]
    if delivery.channel == EMAIL:
        return [delivery.content[part] for part in ("subject", "text", "html")]
    return []
