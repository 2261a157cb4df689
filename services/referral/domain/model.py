"""A referral for planned hospitalization and how its status may change.

The referral is the source of truth for what the doctor asked; the queue is
the source of truth for where the patient stands, so its updates are applied
here in the order of the queue entry's version.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from services.referral.domain.queue_state import (
    QueueState,
    QueueUpdate,
    dates_changed,
    queue_state,
)
from services.referral.domain.requests import (
    MOVABLE,
    MOVE,
    REINSTATABLE,
    REINSTATEMENT,
    RENEWABLE,
    RENEWAL,
    SETTLED_BY,
    NotMovable,
    NotReinstatable,
    NotRenewable,
    PendingRequest,
    ReinstatementWindowPassed,
    Request,
    RequestPending,
)
from services.referral.domain.status import (
    ACTIVE,
    ALLOWED,
    CANCELLABLE,
    Outcome,
    Status,
)


class ReferralClosed(Exception):
    def __init__(self, status: Status):
        super().__init__(f"The referral is {status}; it can no longer be cancelled.")
        self.status = status


@dataclass(frozen=True)
class Patient:
    iin: str
    phone: str | None
    email: str | None
    language: str
    consent: bool
    full_name: str | None = None  # the referring and the receiving facility's


@dataclass(frozen=True)
class PreAdmissionTest:
    """A test by its documented code; ``note`` (e.g. which test "other" is)
    stays in the referral service."""

    code: str
    done_on: date
    valid_until: date
    note: str | None = None


@dataclass(frozen=True)
class HistoryEntry:
    """A step of the referral: the reason code that travelled with it, and
    the doctor's own note (kept here, shown to the doctor's facility);
    ``action`` names a step that is not only a status (a request, its
    outcome)."""

    status: Status
    at: datetime
    actor: str
    reason_code: str | None = None
    note: str | None = None
    source: str = "referral"
    action: str | None = None
    changed: tuple[str, ...] = ()  # an edit's fields, by name (never values)


@dataclass
class Referral:
    id: str
    hospitalization_code: str
    referring_facility_id: str
    practitioner_id: str
    patient: Patient
    facility_id: str
    bed_profile: str
    stay: str
    diagnosis: str
    finance_source: str
    priority: str
    priority_reason: str | None
    purpose: str
    tests: tuple[PreAdmissionTest, ...]
    planned_date: date | None
    registered_at: datetime
    valid_until: date
    status: Status = Status.REGISTERED
    version: int = 1
    queue: QueueState | None = None
    history: list[HistoryEntry] = field(default_factory=list)
    pending: PendingRequest | None = None

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def updated_at(self) -> datetime:
        """When the referral last changed (its registration, if never since)."""
        return self.history[-1].at if self.history else self.registered_at

    def _move(self, entry: HistoryEntry) -> None:
        self.status = entry.status
        self.version += 1
        self.history.append(entry)

    def record(self, entry: HistoryEntry) -> None:
        """A step that keeps the status (an edit: ``edits.py``)."""
        self._move(replace(entry, status=self.status))

    def cancel(
        self, reason_code: str, note: str | None, actor: str, at: datetime
    ) -> None:
        if self.status not in CANCELLABLE:
            raise ReferralClosed(self.status)
        self.pending = None
        if self.queue is not None:  # the doctor's own cancellation is final
            self.queue = replace(self.queue, reinstatable_until=None)
        self._move(HistoryEntry(Status.CANCELLED, at, actor, reason_code, note))

    def request_reinstatement(self, request: Request, today: date) -> None:
        until = self.queue.reinstatable_until if self.queue else None
        if self.status not in REINSTATABLE or until is None:
            raise NotReinstatable(self.status)
        if today > until:
            raise ReinstatementWindowPassed(until)
        self._ask(REINSTATEMENT, request)

    def request_renewal(self, request: Request) -> None:
        if self.status not in RENEWABLE:
            raise NotRenewable(self.status)
        self._ask(RENEWAL, request)

    def request_move(self, request: Request, to_facility_id: str) -> None:
        """To ``to_facility_id``'s queue of the same bed profile (checked
        against the registry by the service layer); the validity stays."""
        if self.status not in MOVABLE:
            raise NotMovable(self.status)
        self._ask(MOVE, request, to_facility_id)

    def _ask(self, kind: str, request: Request, to: str | None = None) -> None:
        """Record the request as the next version (which names it)."""
        if self.pending is not None:
            raise RequestPending(self.pending)
        at, code = request.at, request.reason_code
        step = HistoryEntry(self.status, at, request.actor, code, request.note)
        self._move(replace(step, action=f"{kind}_requested"))
        self.pending = PendingRequest(
            kind, self.version, at, request.valid_until, code, to
        )

    def apply_refusal(self, version: int, reason_code: str, at: datetime) -> Outcome:
        """The queue did not carry out the request of ``version``."""
        if self.pending is None or self.pending.version != version:
            return Outcome.STALE
        refused = f"{self.pending.kind}_refused"
        self.pending = None
        step = HistoryEntry(self.status, at, "system", reason_code, None, "queue")
        self._move(replace(step, action=refused))
        return Outcome.APPLIED

    def apply_queue_update(self, update: QueueUpdate) -> Outcome:
        known = self.queue.version if self.queue is not None else 0
        if update.version is not None and update.version <= known:
            return Outcome.STALE
        same_status = update.status == self.status
        settles = self._settled_by(update)
        if not (same_status or settles) and update.status not in ALLOWED[self.status]:
            return Outcome.NOT_ALLOWED
        before, valid_until, hospital = self.queue, self.valid_until, self.facility_id
        self.queue = queue_state(before, update, known)
        self.valid_until = update.valid_until or self.valid_until
        self.facility_id = update.facility_id or self.facility_id
        if settles:
            self.pending = None
        moved = (
            dates_changed(before, self.queue)
            or valid_until != self.valid_until
            or hospital != self.facility_id
        )
        if not same_status or moved or update.action is not None:
            self._move(
                HistoryEntry(
                    update.status,
                    update.at,
                    update.actor,
                    update.reason_code,
                    None,
                    "queue",
                    update.action,
                )
            )
        return Outcome.APPLIED

    def _settled_by(self, update: QueueUpdate) -> bool:
        """The update carries out the pending request."""
        kind = SETTLED_BY.get(update.action or "")
        return self.pending is not None and kind == self.pending.kind
