"""English names (the catalogues' msgids) of what the APIs answer as codes:
statuses, history steps and the reasons a doctor gives."""

from __future__ import annotations

from shared.contracts.reasons import (
    BED_OVERRIDE_REASONS,
    DOCTOR_CANCEL_REASONS,
    MOVE_REASONS,
    REINSTATE_REASONS,
    REJECTION_REASONS,
    RENEWAL_REASONS,
    RESCHEDULE_REASONS,
)

STATUSES = {
    "registered": "Registered",
    "waiting": "Waiting",
    "scheduled": "Admission booked",
    "admitted": "Admitted",
    "discharged": "Discharged",
    "rejected": "Rejected",
    "cancelled": "Cancelled",
    "expired": "Expired",
}
STEPS = {
    "reinstatement_requested": "Reinstatement requested",
    "renewal_requested": "Renewal requested",
    "move_requested": "Move requested",
    "reinstated": "Reinstated",
    "renewed": "Renewed",
    "moved": "Moved to another hospital",
    "reinstatement_refused": "Reinstatement refused",
    "renewal_refused": "Renewal refused",
    "move_refused": "Move refused",
    "edited": "Edited",
    "reordered": "Place changed by priority",
    "updated": "Changes carried out by the queue",
}
CHANNELS = {"sms": "SMS", "email": "E-mail", "webhook": "Webhook"}
DELIVERIES = {
    "pending": "Waiting to be sent",
    "sending": "Being sent",
    "sent": "Sent",
    "failed": "Not delivered",
    "superseded": "Replaced by a later message",
    "outdated": "Not sent: its dates had passed",
}
ACTION_REASONS = {
    "cancel": DOCTOR_CANCEL_REASONS,
    "renew": RENEWAL_REASONS,
    "reinstate": REINSTATE_REASONS,
    "move": MOVE_REASONS,
}
"""The reason codes of each action, with their English meanings."""
ACTIONS_BY_STATUS = {
    "cancel": frozenset({"registered", "waiting", "scheduled", "expired"}),
    "renew": frozenset({"waiting", "scheduled"}),
    "reinstate": frozenset({"expired", "cancelled"}),
    "move": frozenset({"waiting"}),
}
"""The actions a referral's page offers in each status (the API decides)."""
DONE = {
    "register": "Referral {code} is registered.",
    "cancel": "The referral is cancelled.",
    "renew": "The renewal is sent to the queue; the history shows its outcome.",
    "reinstate": "The reinstatement is sent to the queue; the history shows "
    "its outcome.",
    "move": "The move is sent to the queue; the history shows its outcome.",
    "contact": "The patient's contact is changed.",
    "unchanged": "Nothing was changed.",
    "tests": "The pre-admission tests are saved.",
}
ENTRY_DONE = {
    "admit": "Admitted: {code}.",
    "no-show": "No-show recorded: {code}; back in the queue at the same place.",
    "reject": "Rejected: {code}.",
    "discharge": "Discharged: {code}.",
    "reschedule": "Moved to {day}: {code}.",
}
SECOND_NO_SHOW = (
    "Second no-show recorded: {code}; the referral is cancelled and its doctor told."
)
PULLED = "Scheduled {scheduled}; skipped {skipped} (tests lapse before the day)."
TAKEN = "Taken: {codes}."
CLERK_REASONS = {
    "reject": REJECTION_REASONS,
    "override": BED_OVERRIDE_REASONS,
    "reschedule": RESCHEDULE_REASONS,
}
EMERGENCY_DONE = "Admitted as an emergency; open referrals closed: {closed}."
SHORTER_WAIT = "{name} (shorter wait)"
WAIT_FLAGS = {
    "in_breach": "Past the maximum wait",
    "breach_expected": "Will pass the maximum wait",
    "at_risk": "At risk of the maximum wait",
    "on_track": "Within the maximum wait",
    "unknown": "Too few admissions for an estimate",
}

BED_PROFILES = {
    "cardiology": "Cardiology",
    "gynecology": "Gynecology",
    "narcology": "Addiction care",
    "neurology": "Neurology",
    "pediatrics": "Paediatrics",
    "psychiatry": "Psychiatry",
    "rehabilitation": "Rehabilitation",
    "surgery": "Surgery",
    "therapy": "General medicine",
    "traumatology": "Traumatology",
}
"""The registry's bed profiles by their names in the console (a code the
registry adds later shows as itself until it has a name here)."""
