"""What the referring facility's webhook hears of its referrals: every change
the patient is told of, the reminder before the referral lapses (so the
doctor can renew it), and the queue's answer to a request the doctor made.

A body carries identifiers, dates, positions and documented codes only: no
IIN, contact, name, bed profile or diagnosis, and no free text. A closing
says who closed it only as a role (``patient``, ``system``), never which
hospital admitted the patient elsewhere; ``hospital_id`` is always the
referral's own hospital. The doctor's own cancellation is not told back.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

WAIT_FIELDS = (
    "max_wait_days",
    "deadline",
    "flag",
    "days_over",
    "estimated_admission",
    "alternatives",
)
"""The waiting-time guarantee's: the alternatives are facility ids, the
hospitals of the same profile and region with shorter estimated waits."""
WEBHOOK_TYPES = {
    "queue.entry_placed": "referral.placed",
    "queue.admission_scheduled": "referral.scheduled",
    "queue.patient_admitted": "referral.admitted",
    "queue.no_show": "referral.no_show",
    "queue.entry_rejected": "referral.rejected",
    "queue.entry_cancelled": "referral.closed",
    "queue.entry_expired": "referral.expired",
    "queue.expiry_approaching": "referral.expiring",
    "queue.entry_reinstated": "referral.reinstated",
    "queue.entry_renewed": "referral.renewed",
    "queue.patient_discharged": "referral.discharged",
    "queue.request_refused": "referral.request_refused",
    "queue.entry_reordered": "referral.reordered",
    "queue.entry_moved": "referral.moved",
    "queue.wait_at_risk": "referral.wait_at_risk",
    "queue.wait_breached": "referral.wait_breached",
}
"""The webhook ``type`` for each queue event the facility hears of."""
EXTRA_FIELDS = {
    "queue.entry_placed": ("position", "queue_length"),
    "queue.admission_scheduled": ("scheduled_date",),
    "queue.no_show": ("returned_to_waiting", "reason_code"),
    "queue.entry_rejected": ("reason_code",),
    "queue.entry_cancelled": ("reason_code", "reinstatable_until"),
    "queue.entry_expired": ("reinstatable_until",),
    "queue.expiry_approaching": ("valid_until",),
    "queue.entry_reinstated": ("valid_until", "reason_code"),
    "queue.entry_renewed": ("valid_until", "reason_code"),
    "queue.request_refused": ("request", "reason_code"),
    "queue.entry_reordered": (
        "priority",
        "reason_code",
        "referral_version",
        "changed",
        "position",
        "queue_length",
    ),
    "queue.entry_moved": (
        "from_facility_id",
        "position",
        "queue_length",
        "reason_code",
    ),
    **dict.fromkeys(("queue.wait_at_risk", "queue.wait_breached"), WAIT_FIELDS),
}
"""What each type adds to the common fields."""
REQUESTS = {
    "referral.reinstatement_requested": "reinstatement",
    "referral.renewal_requested": "renewal",
    "referral.move_requested": "move",
}


def facility_payload(
    event_type: str, data: Mapping[str, Any], occurred_at: str
) -> dict[str, Any] | None:
    """The webhook body for the referring facility, or None if it is not
    told (an event it does not hear of, or its own doctor's cancellation)."""
    webhook_type = WEBHOOK_TYPES.get(event_type)
    if webhook_type is None or _own_cancellation(event_type, data):
        return None
    payload: dict[str, Any] = {
        "type": webhook_type,
        "occurred_at": occurred_at,
        "referral_id": data["referral_id"],
        "hospitalization_code": data["hospitalization_code"],
        "hospital_id": data["facility_id"],
        "status": data.get("status"),
    }
    for name in EXTRA_FIELDS.get(event_type, ()):
        payload[name] = _plain(data.get(name))
    if event_type == "queue.entry_cancelled":
        payload["closed_by"] = _role(data)
    if event_type == "queue.request_refused":
        payload["request"] = REQUESTS[data["request"]]
    return payload


def _own_cancellation(event_type: str, data: Mapping[str, Any]) -> bool:
    """The doctor cancelled it: the facility made the change it would hear."""
    return event_type == "queue.entry_cancelled" and _role(data) == "doctor"


def _role(data: Mapping[str, Any]) -> str:
    """Who made the change, as a role only (never a person or facility)."""
    return str(data.get("actor") or "system").split(":", 1)[0]


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {name: _plain(part) for name, part in value.items()}
    if isinstance(value, list):
        return [_plain(part) for part in value]
    return value.isoformat() if isinstance(value, date) else value
