"""What a doctor may change on an active referral, and what an edit changed.

Editable: the pre-admission tests (the whole new list), the patient's phone,
e-mail, language, consent and full name, and the priority with its reason
(a change of priority names a documented ``reason_code``,
PRIORITY_CHANGE_REASONS). Only an active referral (registered, waiting,
scheduled) can be edited, and an edit must change something. The edit is
the referral's next version: a history step ``edited`` naming the fields it
changed (never their values), with the reason code of a priority change.

What the queue and the notifications need of it travels in
``referral.updated`` (``outgoing.py``); the doctor's words (a test's note,
the priority reason, the edit's note) stay here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from services.referral.domain.model import (
    HistoryEntry,
    Patient,
    PreAdmissionTest,
    Referral,
)
from services.referral.domain.status import ACTIVE, Status

EDITED = "edited"
PATIENT_FIELDS = ("phone", "email", "language", "consent", "full_name")
CONTACT_FIELDS = frozenset(
    {"patient.phone", "patient.email", "patient.language", "patient.consent"}
)
"""The changes the notification service hears of (as the contact)."""
QUEUE_FIELDS = frozenset({"tests", "priority"})
"""The changes the queue hears of."""


@dataclass(frozen=True)
class PriorityChange:
    """The priority as the doctor now gives it, their words for an urgent
    one (``reason``: kept here) and why it changes (a documented code)."""

    priority: str
    reason: str | None
    reason_code: str


@dataclass(frozen=True)
class Edit:
    """An edit as the doctor sends it: ``patient`` holds only the fields
    given (None removes a phone or an e-mail); ``tests`` None leaves them."""

    actor: str
    at: datetime
    tests: tuple[PreAdmissionTest, ...] | None = None
    patient: Mapping[str, object] = field(default_factory=dict)
    priority: PriorityChange | None = None
    note: str | None = None


class NotEditable(Exception):
    def __init__(self, status: Status):
        super().__init__(
            "Only a registered, waiting or scheduled referral can be edited; "
            f"this one is {status}."
        )
        self.status = status


class NothingChanged(Exception):
    def __init__(self) -> None:
        super().__init__(
            "The edit changes nothing: give at least one field with a new value."
        )


class VersionMoved(Exception):
    """The referral is no longer at the version the doctor last saw."""

    def __init__(self, expected: int, current: int):
        super().__init__(
            f"The referral has changed since version {expected} (it is now at "
            f"version {current}); reload it and edit again."
        )
        self.expected = expected
        self.current = current


def edited_patient(referral: Referral, edit: Edit) -> Patient:
    return replace(referral.patient, **edit.patient)  # type: ignore[arg-type]


def changes(referral: Referral, edit: Edit) -> tuple[str, ...]:
    """The names of the fields the edit changes, in a fixed order."""
    named: list[str] = []
    if edit.tests is not None and edit.tests != referral.tests:
        named.append("tests")
    before, after = referral.patient, edited_patient(referral, edit)
    named += [
        f"patient.{name}"
        for name in PATIENT_FIELDS
        if getattr(before, name) != getattr(after, name)
    ]
    if edit.priority is not None:
        if edit.priority.priority != referral.priority:
            named.append("priority")
        if edit.priority.reason != referral.priority_reason:
            named.append("priority_reason")
    return tuple(named)


def apply_edit(referral: Referral, edit: Edit) -> tuple[str, ...]:
    """Make the edit the referral's next version; the fields it changed.
    NotEditable unless active, NothingChanged if it changes nothing."""
    if referral.status not in ACTIVE:
        raise NotEditable(referral.status)
    changed = changes(referral, edit)
    if not changed:
        raise NothingChanged()
    referral.patient = edited_patient(referral, edit)
    if edit.tests is not None:
        referral.tests = edit.tests
    code = None
    if edit.priority is not None:
        referral.priority = edit.priority.priority
        referral.priority_reason = edit.priority.reason
        code = edit.priority.reason_code
    step = HistoryEntry(
        referral.status, edit.at, edit.actor, code, edit.note, action=EDITED
    )
    referral.record(replace(step, changed=changed))
    return changed


def check_version(referral: Referral, expected: int | None) -> None:
    """``If-Match``: the version the doctor edits must still be current."""
    if expected is not None and expected != referral.version:
        raise VersionMoved(expected, referral.version)
